using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Client;

namespace Interlude.Workers.Tests;

/// <summary>A node that throws is retried by the endpoint's policy; past it, the thread fails and stays readable.</summary>
public sealed class NodeFailureScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task NodeFailure_NodeAlwaysThrows_ThreadFailsAfterTheRetriesAndCanBeInspected(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [FragileGraph(entries, failures: int.MaxValue)]);
        var threadId = InterludeHarness.NewThreadId();

        var failed = await host.Client.InvokeAsync("fragile", new JsonObject { ["input"] = "x" }, threadId);

        Assert.Equal("failed", failed.Status);
        Assert.Equal("boom", failed.Error!.Node);
        Assert.Contains("InvalidOperationException: kaput", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, entries["boom"]); // one run and one retry (the harness's policy: 1 attempt more)
        var published = await host.PublishedAsync<ThreadFailed>(m => m.ThreadId == threadId);
        Assert.Equal(("fragile", "boom"), (published.Graph, published.Node));
        Assert.Contains("kaput", published.Error, StringComparison.Ordinal);

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("failed", state!.Status);
        Assert.Equal("boom", state.Error!.Node);
        Assert.Equal("prepared x", state.Values.GetProperty("prepared").GetString());
        var task = Assert.Single(state.Tasks);
        Assert.Equal("boom", task.Name);
        Assert.Contains("kaput", task.Error, StringComparison.Ordinal);
        Assert.Empty(state.Interrupts);

        var resume = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, JsonValue.Create(true)));
        Assert.Equal("not-interrupted", resume.Reason);
        var cancel = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.CancelAsync(threadId));
        Assert.Equal("already-finished", cancel.Reason);
    }

    [StoreTheory]
    public async Task NodeFailure_NodeThrowsOnce_RetryRecoversAndTheThreadCompletes(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [FragileGraph(entries, failures: 1)]);
        var threadId = InterludeHarness.NewThreadId();

        var done = await host.Client.InvokeAsync("fragile", new JsonObject { ["input"] = "y" }, threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal("survived", done.Values.GetProperty("result").GetString());
        Assert.Equal(2, entries["boom"]);
        Assert.Empty(await host.SeenAsync<ThreadFailed>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task NodeFailure_GotoToANodeThatDoesNotExist_FailsWithAClearError(ThreadStore store)
    {
        var graph = new StateGraph<FragileState>("lost")
            .AddNode("jump", (_, ctx) => ctx.Update().Goto("nowhere"))
            .AddEdge(GraphNames.Start, "jump")
            .Compile();
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId();

        var failed = await host.Client.InvokeAsync("lost", [], threadId);

        Assert.Equal("failed", failed.Status);
        Assert.Equal("jump", failed.Error!.Node);
        Assert.Contains("'nowhere'", failed.Error.Message, StringComparison.Ordinal);
        Assert.Equal("jump", (await host.PublishedAsync<ThreadFailed>(m => m.ThreadId == threadId)).Node);
    }

    private static CompiledGraph FragileGraph(ConcurrentDictionary<string, int> entries, int failures) =>
        new StateGraph<FragileState>("fragile")
            .AddNode("prepare", (state, ctx) => ctx.Update().Set(s => s.Prepared, $"prepared {state.Input}"))
            .AddNode("boom", (_, ctx) =>
            {
                var run = entries.AddOrUpdate("boom", 1, (_, n) => n + 1);
                return run <= failures ? throw new InvalidOperationException("kaput") : ctx.Update().Set(s => s.Result, "survived");
            })
            .AddEdge(GraphNames.Start, "prepare")
            .AddEdge("prepare", "boom")
            .AddEdge("boom", GraphNames.End)
            .Compile();

    private sealed record FragileState
    {
        public string? Input { get; init; }

        public string? Prepared { get; init; }

        public string? Result { get; init; }
    }
}
