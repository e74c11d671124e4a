using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// Fused steps: a node worker runs the steps that follow a step's only task in the same message while
/// nothing can pause in between, and the thread commits each step as its own checkpoint.
/// </summary>
public sealed class ChainScenarioTests : ScenarioTests
{
    private sealed record LineState
    {
        public List<string>? Vals { get; init; }
    }

    /// <summary>START -> nodes[0] -> nodes[1] -> ... -> END; each node appends its name to <c>vals</c>, unless <paramref name="body"/> says otherwise.</summary>
    private static CompiledGraph Line(
        ConcurrentDictionary<string, int> runs,
        string[] nodes,
        GraphOptions? options = null,
        Func<string, NodeContext<LineState>, Task<NodeResult>?>? body = null)
    {
        var graph = new StateGraph<LineState>("line").Channel(s => s.Vals, Reducers.Append);
        foreach (var node in nodes)
        {
            graph.AddNode(node, async (_, ctx) =>
            {
                runs.AddOrUpdate(node, 1, (_, n) => n + 1);
                return await (body?.Invoke(node, ctx) ?? Task.FromResult<NodeResult>(ctx.Update().Set(s => s.Vals, [node])));
            });
        }

        graph.AddEdge(GraphNames.Start, nodes[0]);
        foreach (var (from, to) in nodes.Zip(nodes.Skip(1)))
        {
            graph.AddEdge(from, to);
        }

        return graph.AddEdge(nodes[^1], GraphNames.End).Compile(options);
    }

    private static string[] Vals(Interlude.Contracts.ThreadStateSnapshot state) =>
        [.. state.Values.GetProperty("vals").EnumerateArray().Select(v => v.GetString()!)];

    private static async Task<string[]> Dispatched(InterludeHarness host, string threadId) =>
        [.. (await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId)).Select(m => m.Node)];

    [StoreTheory]
    public async Task Chain_ThreePlainNodes_OneMessageAndACheckpointHistoryRowAndStepPerNode(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Line(runs, ["a", "b", "c"])]);
        var threadId = InterludeHarness.NewThreadId("chain");

        var done = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "b", "c"], Vals(done));
        Assert.Equal(["a"], await Dispatched(host, threadId));
        Assert.Single(await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId));
        Assert.Equal(["a", "b", "c"], await host.NodeRunsAsync(threadId));
        Assert.Equal([1, 1, 1], new[] { "a", "b", "c" }.Select(n => runs[n]));

        var steps = await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId);
        var history = (await host.Client.GetHistoryAsync(threadId))!.Reverse().ToList();
        Assert.Equal([0, 1, 2], steps.Select(s => s.Step));
        Assert.Equal([-1, 0, 1, 2], history.Select(h => h.Step));
        Assert.Equal(steps.Select(s => s.CheckpointId), history.Skip(1).Select(h => h.CheckpointId));
        Assert.Equal(history.SkipLast(1).Select(h => h.CheckpointId), history.Skip(1).Select(h => h.ParentCheckpointId));
        Assert.Equal(["a", "b", "c"], history.Skip(1).Select(h => h.Metadata.Writes!.Value.EnumerateObject().Single().Name));
        Assert.Equal(["b"], history[1].Next);
        Assert.Equal(["c"], history[2].Next);
        Assert.Equal(["running", "running", "completed"], history.Skip(1).Select(h => h.Status));
        Assert.Equal(done.CheckpointId, history[^1].CheckpointId);
    }

    [StoreTheory]
    public async Task Chain_NodeInterrupts_ChainEndsThereAndTheResumedNodeChainsOn(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var graph = Line(runs, ["a", "ask", "c"], body: (node, ctx) => node == "ask"
            ? Task.FromResult<NodeResult>(ctx.Update().Set(s => s.Vals, ["ask:" + ctx.Interrupt<string>("ok?")]))
            : null);
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId("chain");

        var paused = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("interrupted", paused.Status);
        Assert.Equal("ask", Assert.Single(paused.Interrupts).Node);
        Assert.Equal(["a"], await Dispatched(host, threadId));
        Assert.Equal(["a", "ask"], await host.NodeRunsAsync(threadId));

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("yes"));

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "ask:yes", "c"], Vals(done));
        Assert.Equal(["a", "ask"], await Dispatched(host, threadId));
        Assert.Equal(["a", "ask", "ask", "c"], await host.NodeRunsAsync(threadId));
        Assert.Equal([0, 1, 2], (await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId)).Select(s => s.Step));
    }

    [StoreTheory]
    public async Task Chain_FanOut_EachTaskOfTheStepIsAMessageOfItsOwn(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var graph = new StateGraph<LineState>("fan")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.Vals, ["a"]))
            .AddNode("b", (_, ctx) => ctx.Update().Set(s => s.Vals, ["b"]))
            .AddNode("c", (_, ctx) => ctx.Update().Set(s => s.Vals, ["c"]))
            .AddNode("join", (_, ctx) => ctx.Update().Set(s => s.Vals, ["join"]))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge("a", "b")
            .AddEdge("a", "c")
            .AddEdge("b", "join")
            .AddEdge("c", "join")
            .Compile();
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId("chain");

        var done = await host.Client.InvokeAsync("fan", [], threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "b", "c", "join"], (await Dispatched(host, threadId)).Order());
        Assert.All(await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId), m => Assert.Empty(m.Chained));
    }

    [StoreTheory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task Chain_Breakpoint_ThreadPausesBetweenTheNodes(ThreadStore store, string when)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var options = when == "before"
            ? new GraphOptions { InterruptBefore = new HashSet<string> { "b" } }
            : new GraphOptions { InterruptAfter = new HashSet<string> { "a" } };
        await using var host = await Start(store, [Line(runs, ["a", "b", "c"], options)]);
        var threadId = InterludeHarness.NewThreadId("chain");

        var paused = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("interrupted", paused.Status);
        Assert.Equal(when, Assert.Single(paused.Interrupts).When);
        Assert.Equal(["a"], Vals(paused));
        Assert.Equal(["a"], await host.NodeRunsAsync(threadId));
        Assert.False(runs.ContainsKey("b"));

        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "b"], await Dispatched(host, threadId));
        Assert.Equal(["a", "b", "c"], await host.NodeRunsAsync(threadId));
    }

    [StoreTheory]
    public async Task Chain_StepSideEffect_ChainEndsAfterTheNodeSoItsJournalIsCommittedFirst(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var graph = Line(runs, ["a", "pay", "c"], body: (node, ctx) => node == "pay"
            ? ctx.Step("charge", () => "charged").ContinueWith(t => (NodeResult)ctx.Update().Set(s => s.Vals, [t.Result]), TaskScheduler.Default)
            : null);
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId("chain");

        var done = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "charged", "c"], Vals(done));
        Assert.Equal(["a", "c"], await Dispatched(host, threadId));
        Assert.Equal(["a", "pay", "c"], await host.NodeRunsAsync(threadId));
    }

    [StoreTheory]
    public async Task Chain_StepBudget_AMessageRunsAtMostMaxChainSteps(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Line(runs, ["a", "b", "c", "d", "e"])], services => services.Configure<InterludeOptions>(o => o.Nodes.MaxChainSteps = 2));
        var threadId = InterludeHarness.NewThreadId("chain");

        var done = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "b", "c", "d", "e"], Vals(done));
        Assert.Equal(["a", "c", "e"], await Dispatched(host, threadId));
        Assert.Equal(["a", "b", "c", "d", "e"], await host.NodeRunsAsync(threadId));
        Assert.Equal([0, 1, 2, 3, 4], (await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId)).Select(s => s.Step));
    }

    [StoreTheory]
    public async Task Chain_MaxChainStepsOne_EveryStepIsAMessageOfItsOwn(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Line(runs, ["a", "b", "c"])], services => services.Configure<InterludeOptions>(o => o.Nodes.MaxChainSteps = 1));
        var threadId = InterludeHarness.NewThreadId("chain");

        var done = await host.Client.InvokeAsync("line", [], threadId);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["a", "b", "c"], await Dispatched(host, threadId));
        var results = await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId);
        Assert.Equal(3, results.Count);
        Assert.All(results, m => Assert.Empty(m.Chained));
        Assert.Equal([0, 1, 2], (await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId)).Select(s => s.Step));
    }

    [StoreTheory]
    public async Task Chain_RedeliveredAfterItsStepsWereCommitted_RunsNoNodeAgain(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Line(runs, ["a", "b", "c"])]);
        var threadId = InterludeHarness.NewThreadId("chain");
        var done = await host.Client.InvokeAsync("line", [], threadId);
        var first = Assert.Single(await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId));

        await host.Harness.Bus.Publish(first);
        await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId);

        Assert.Equal([1, 1, 1], new[] { "a", "b", "c" }.Select(n => runs[n]));
        Assert.Single(await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId));
        Assert.Equal(done.Revision, (await host.Client.GetStateAsync(threadId))!.Revision);
    }

    [StoreTheory]
    public async Task Chain_ThreadCancelledWhileTheChainRuns_CommitsNothingOfIt(ThreadStore store)
    {
        var runs = new ConcurrentDictionary<string, int>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var graph = Line(runs, ["a", "slow", "c"], body: (node, ctx) => node == "slow"
            ? Wait(entered, release.Task).ContinueWith(_ => (NodeResult)ctx.Update().Set(s => s.Vals, ["slow"]), TaskScheduler.Default)
            : null);
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId("chain");
        var running = host.Client.InvokeAsync("line", [], threadId);
        await entered.Task.WaitAsync(host.Harness.TestTimeout);

        var cancelled = await host.Client.CancelAsync(threadId);
        release.SetResult();
        await host.PublishedAsync<NodeExecuted>(m => m.ThreadId == threadId);
        await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId);

        Assert.Equal("cancelled", (await running).Status);
        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal(("cancelled", cancelled.Revision), (state!.Status, state.Revision));
        Assert.Empty(await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId));
        Assert.Equal([-1], (await host.Client.GetHistoryAsync(threadId))!.Select(h => h.Step));
    }

    private static Task Wait(TaskCompletionSource entered, Task release)
    {
        entered.TrySetResult();
        return release;
    }
}
