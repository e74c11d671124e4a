using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's "validate human input": the node asks again, in a loop, until the answer is valid.</summary>
public sealed class ValidationLoopScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task ValidationLoop_TwoBadAnswersThenAGoodOne_ReasksQuotingEachAndEndsWithTheAge(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var first = await host.Client.InvokeAsync("validate-age", [], threadId);
        var firstInterrupt = Assert.Single(first.Interrupts);
        Assert.Equal("What is your age?", firstInterrupt.Value!.Value.GetString());
        var taskId = Assert.Single(first.Tasks).Id;

        var second = await host.Client.ResumeAsync(threadId, JsonValue.Create("thirty"));
        Assert.Equal("interrupted", second.Status);
        var secondInterrupt = Assert.Single(second.Interrupts);
        Assert.Equal("'thirty' is not a valid age. What is your age?", secondInterrupt.Value!.Value.GetString());

        var third = await host.Client.ResumeAsync(threadId, JsonValue.Create(-20));
        Assert.Equal("interrupted", third.Status);
        var thirdInterrupt = Assert.Single(third.Interrupts);
        Assert.Equal("'-20' is not a valid age. What is your age?", thirdInterrupt.Value!.Value.GetString());

        // The paused task keeps its id through the loop; each question has its own id.
        Assert.Equal(taskId, Assert.Single(second.Tasks).Id);
        Assert.Equal(taskId, Assert.Single(third.Tasks).Id);
        string[] ids = [firstInterrupt.Id, secondInterrupt.Id, thirdInterrupt.Id];
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(30));

        Assert.Equal("completed", done.Status);
        Assert.Equal(30, done.Values.GetProperty("age").GetInt64());
        Assert.Equal(ids, (await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId)).Select(m => m.Interrupt.Id));
        Assert.Equal(ids, (await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId && m.Outcome == "answered")).Select(m => m.InterruptId));
        Assert.Equal(4, (await host.NodeRunsAsync(threadId)).Count(n => n == "ask"));
    }
}
