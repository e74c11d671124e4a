using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

/// <summary>An interrupt inside a subgraph surfaces on the parent thread with its namespace and is resumed through the parent.</summary>
public sealed class SubgraphScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task Subgraph_ChildInterrupts_SurfacesWithTwoSegmentNamespaceAndResumesThroughTheParent(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("subgraph", new JsonObject { ["question"] = "Favourite colour?" }, threadId);

        Assert.Equal("interrupted", paused.Status);
        var interrupt = Assert.Single(paused.Interrupts);
        var parentTask = Assert.Single(paused.Tasks);
        Assert.Equal("ask_child", parentTask.Name);
        Assert.Equal(["ask_child"], paused.Next);
        Assert.Equal("ask", interrupt.Node);
        Assert.Equal("during", interrupt.When);
        Assert.Equal("Favourite colour?", interrupt.Value!.Value.GetProperty("question").GetString());
        Assert.Equal(2, interrupt.Ns.Count);
        Assert.Equal($"ask_child:{parentTask.Id}", interrupt.Ns[0]);
        Assert.Matches("^ask:[0-9a-f]{32}$", interrupt.Ns[1]);
        var raised = await host.PublishedAsync<InterruptRaised>(m => m.ThreadId == threadId);
        Assert.Equal(interrupt.Ns, raised.Interrupt.Ns);
        var listed = Assert.Single(await host.Client.ListInterruptsAsync("subgraph"), i => i.ThreadId == threadId);
        Assert.Equal(interrupt.Ns, listed.Ns);

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("blue"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("blue", done.Values.GetProperty("answer").GetString());
        Assert.Equal(["ask_child", "ask_child"], (await host.NodeRunsAsync(threadId)));
        Assert.Equal(interrupt.Id, Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).InterruptId);
    }

    [StoreTheory]
    public async Task Subgraph_ResumedByMapWithTheChildInterruptId_Completes(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("subgraph", new JsonObject { ["question"] = "Why?" }, threadId);

        var done = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [paused.Interrupts[0].Id] = new JsonObject { ["because"] = true } });

        Assert.Equal("completed", done.Status);
        Assert.Equal("{\"because\":true}", done.Values.GetProperty("answer").GetString());
    }
}
