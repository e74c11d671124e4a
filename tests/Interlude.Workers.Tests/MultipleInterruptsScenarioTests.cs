using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Graph;

namespace Interlude.Workers.Tests;

/// <summary>
/// Several <c>interrupt()</c> calls in one node: answered in call order, the node re-running from its
/// start; side effects before an interrupt (journaled with <c>ctx.Step</c> or not); a swallowed interrupt.
/// </summary>
public sealed class MultipleInterruptsScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task MultipleInterrupts_NameThenAge_AsksInOrderAndKeepsBothAnswers(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var first = await host.Client.InvokeAsync("multi-question", [], threadId);
        var nameQuestion = Assert.Single(first.Interrupts);
        Assert.Equal("What is your name?", nameQuestion.Value!.Value.GetProperty("question").GetString());

        var second = await host.Client.ResumeAsync(threadId, JsonValue.Create("Ada"));
        Assert.Equal("interrupted", second.Status);
        var ageQuestion = Assert.Single(second.Interrupts);
        Assert.Equal("What is your age?", ageQuestion.Value!.Value.GetProperty("question").GetString());
        Assert.NotEqual(nameQuestion.Id, ageQuestion.Id);
        Assert.Equal(first.Tasks[0].Id, second.Tasks[0].Id);

        // The second question answered by id, as a resume map.
        var done = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [ageQuestion.Id] = 36 });

        Assert.Equal("completed", done.Status);
        Assert.Equal("Ada", done.Values.GetProperty("name").GetString());
        Assert.Equal(36, done.Values.GetProperty("age").GetInt32());
        Assert.Equal(["ask", "ask", "ask"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task MultipleInterrupts_SideEffectsBeforeEachInterrupt_JournaledStepRunsOnceAndPlainCodeOncePerEntry(ThreadStore store)
    {
        var counts = new ConcurrentDictionary<string, int>();
        var graph = new StateGraph<TwoAnswers>("side-effects")
            .AddNode("ask", async (_, ctx) =>
            {
                counts.AddOrUpdate("entries", 1, (_, n) => n + 1);
                var receipt = await ctx.Step("charge", () => $"receipt-{counts.AddOrUpdate("charge", 1, (_, n) => n + 1)}");
                var first = ctx.Interrupt<string>("first?");
                counts.AddOrUpdate("between", 1, (_, n) => n + 1);
                var second = ctx.Interrupt<string>("second?");
                counts.AddOrUpdate("after", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Receipt, receipt).Set(s => s.First, first).Set(s => s.Second, second);
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId();

        await host.Client.InvokeAsync("side-effects", [], threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create("one"));
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("two"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("receipt-1", done.Values.GetProperty("receipt").GetString());
        Assert.Equal("one", done.Values.GetProperty("first").GetString());
        Assert.Equal("two", done.Values.GetProperty("second").GetString());
        Assert.Equal(3, counts["entries"]);
        Assert.Equal(1, counts["charge"]);
        Assert.Equal(2, counts["between"]);
        Assert.Equal(1, counts["after"]);
    }

    [StoreTheory]
    public async Task MultipleInterrupts_NodeSwallowsTheInterrupt_StillPausesAndTakesTheAnswer(ThreadStore store)
    {
        var graph = new StateGraph<TwoAnswers>("swallow")
            .AddNode("ask", (_, ctx) =>
            {
                string answer;
                try
                {
                    answer = ctx.Interrupt<string>("first?");
                }
                catch (Exception)
                {
                    answer = "swallowed";
                }

                return ctx.Update().Set(s => s.First, answer);
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("swallow", [], threadId);

        Assert.Equal("interrupted", paused.Status);
        Assert.Equal("first?", Assert.Single(paused.Interrupts).Value!.Value.GetString());
        Assert.False(paused.Values.TryGetProperty("first", out var first) && first.GetString() == "swallowed");

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("real"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("real", done.Values.GetProperty("first").GetString());
    }

    private sealed record TwoAnswers
    {
        public string? Receipt { get; init; }

        public string? First { get; init; }

        public string? Second { get; init; }
    }
}
