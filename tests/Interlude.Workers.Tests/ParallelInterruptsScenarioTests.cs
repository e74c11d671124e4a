using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Channels;

namespace Interlude.Workers.Tests;

/// <summary>
/// LangGraph's parallel interrupts: two branches ask in the same step; answered together by a map, or
/// one at a time, the finished branch's writes pending (it never runs again) until the other finishes.
/// </summary>
public sealed class ParallelInterruptsScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task ParallelInterrupts_MapWithBothIds_CompletesWithBothValues(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("parallel", [], threadId);

        Assert.Equal("interrupted", paused.Status);
        Assert.Equal(["a", "b"], paused.Next);
        Assert.Equal(2, paused.Interrupts.Count);
        var a = paused.Interrupts.Single(i => i.Node == "a");
        var b = paused.Interrupts.Single(i => i.Node == "b");
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, (await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId)).Count);

        var done = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [a.Id] = "A1", [b.Id] = "B1" });

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a:A1", "b:B1"], Vals(done));
        Assert.Equal(["a", "a", "b", "b"], (await host.NodeRunsAsync(threadId)).Order());
    }

    [StoreTheory]
    public async Task ParallelInterrupts_OneAtATime_SameIdRemainsAndBothValuesLand(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("parallel", [], threadId);
        var a = paused.Interrupts.Single(i => i.Node == "a");
        var b = paused.Interrupts.Single(i => i.Node == "b");

        var half = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [a.Id] = "A1" });

        Assert.Equal("interrupted", half.Status);
        Assert.Equal(b.Id, Assert.Single(half.Interrupts).Id);
        Assert.Equal(["b"], half.Next);
        Assert.Empty(half.Tasks.Single(t => t.Name == "a").Interrupts);
        Assert.Empty(Vals(half));

        // Only one interrupt is open now, so a bare value answers it.
        var done = await host.Client.ResumeAsync(threadId, new JsonObject { ["n"] = 2 });

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a:A1", "b:{\"n\":2}"], Vals(done));
        // The first step dispatches a and b together, in no guaranteed order; each resume then runs
        // only the task it answered, one after the other.
        var dispatched = await host.NodeRunsAsync(threadId);
        Assert.Equal(4, dispatched.Count);
        Assert.Equal(["a", "b"], dispatched.Take(2).Order());
        Assert.Equal(["a", "b"], dispatched.Skip(2));
    }

    [StoreTheory]
    public async Task ParallelInterrupts_OneAtATime_FinishedSiblingNeverRunsAgain(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [CountingGraph(entries)]);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("counted-parallel", [], threadId);
        var a = paused.Interrupts.Single(i => i.Node == "a");
        var b = paused.Interrupts.Single(i => i.Node == "b");
        Assert.Equal(1, entries["a"]);
        Assert.Equal(1, entries["b"]);

        // b first this time: b finishes, its write waits for a.
        var half = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [b.Id] = "B1" });

        Assert.Equal(a.Id, Assert.Single(half.Interrupts).Id);
        Assert.Equal(1, entries["a"]);
        Assert.Equal(2, entries["b"]);
        Assert.False(entries.ContainsKey("join"));

        var done = await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [a.Id] = "A1" });

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a:A1", "b:B1", "join:2"], Vals(done));
        Assert.Equal(2, entries["a"]);
        Assert.Equal(2, entries["b"]);
        Assert.Equal(1, entries["join"]);
    }

    private static string[] Vals(ThreadStateSnapshot snapshot) =>
        snapshot.Values.TryGetProperty("vals", out var vals) && vals.ValueKind == JsonValueKind.Array
            ? [.. vals.EnumerateArray().Select(v => v.GetString()!)]
            : [];

    private static CompiledGraph CountingGraph(ConcurrentDictionary<string, int> entries) =>
        new StateGraph<Values>("counted-parallel")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (_, ctx) =>
            {
                entries.AddOrUpdate("a", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Vals, ["a:" + ctx.Interrupt<string>("a?")]);
            })
            .AddNode("b", (_, ctx) =>
            {
                entries.AddOrUpdate("b", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Vals, ["b:" + ctx.Interrupt<string>("b?")]);
            })
            .AddNode("join", (state, ctx) =>
            {
                entries.AddOrUpdate("join", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Vals, [$"join:{state.Vals.Count}"]);
            })
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .AddEdge("a", "join")
            .AddEdge("b", "join")
            .AddEdge("join", GraphNames.End)
            .Compile();

    private sealed record Values
    {
        public List<string> Vals { get; init; } = [];
    }
}
