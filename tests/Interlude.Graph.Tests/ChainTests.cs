using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

/// <summary>A worker's chain decision (<see cref="ThreadPlanner.NextInChain"/>) is the thread's own next step.</summary>
public sealed class ChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record State
    {
        public string? Topic { get; init; }

        public string? Notes { get; init; }

        public string? Draft { get; init; }
    }

    /// <summary>research -> write -> END.</summary>
    private static CompiledGraph Pipeline(GraphOptions? options = null) =>
        new StateGraph<State>("chain")
            .AddNode("research", (s, ctx) => ctx.Update().Set(x => x.Notes, "notes on " + s.Topic))
            .AddNode("write", (s, ctx) => ctx.Update().Set(x => x.Draft, "draft from " + s.Notes))
            .AddEdge(GraphNames.Start, "research")
            .AddEdge("research", "write")
            .Compile(options);

    /// <summary>research (as <paramref name="research"/> says) -> write -> END.</summary>
    private static CompiledGraph ResearchThenWrite(Func<State, NodeContext<State>, Task<NodeResult>> research) =>
        new StateGraph<State>("chain")
            .AddNode("research", research)
            .AddNode("write", (s, ctx) => NodeResult.Empty)
            .AddEdge(GraphNames.Start, "research")
            .AddEdge("research", "write")
            .Compile();

    /// <summary>Starts a thread, runs its first task and returns the chain's checkpoint and the task's outcome, beside the thread.</summary>
    private static async Task<(ThreadPlanner Planner, ThreadCheckpoint Thread, ThreadCheckpoint Chain, TaskOutcome Outcome)> RunFirst(CompiledGraph graph)
    {
        var planner = new ThreadPlanner(graph);
        var (thread, started) = planner.Start("chain-thread", (System.Text.Json.Nodes.JsonObject)Graphs.Json(new { topic = "otters" })!, Now);
        var task = Assert.Single(started.Dispatch);
        var request = new TaskRequest { ThreadId = thread!.ThreadId, TaskId = task.Id, Node = task.Node, Values = thread.Values, Now = Now };
        var chain = planner.ChainCheckpoint(request, thread.Revision);
        var outcome = await TaskRunner.RunAsync(graph, request, CancellationToken.None);
        return (planner, thread, chain, outcome);
    }

    [Fact]
    public async Task NextInChain_PlainNext_IsTheTaskTheThreadDispatchesWithItsValues()
    {
        var (planner, thread, chain, outcome) = await RunFirst(Pipeline());

        var next = planner.NextInChain(chain, outcome, Now);
        var dispatched = Assert.Single(planner.ApplyOutcome(thread, outcome, Now).Dispatch);

        Assert.NotNull(next);
        Assert.Equal((dispatched.Id, dispatched.Node), (next.Id, next.Node));
        Assert.Equal(thread.Values.ToJsonString(), chain.Values.ToJsonString());
        Assert.Equal("notes on otters", chain.Text("notes"));
    }

    [Fact]
    public async Task NextInChain_LastNode_EndsTheChain()
    {
        var graph = Pipeline();
        var (planner, _, chain, outcome) = await RunFirst(graph);
        var write = planner.NextInChain(chain, outcome, Now)!;
        var request = new TaskRequest { ThreadId = chain.ThreadId, TaskId = write.Id, Node = write.Node, Values = chain.Values, Now = Now };

        Assert.Null(planner.NextInChain(chain, await TaskRunner.RunAsync(graph, request, CancellationToken.None), Now));
        Assert.Equal(ThreadStatus.Completed, chain.Status);
    }

    [Fact]
    public async Task NextInChain_FanOut_EndsTheChain()
    {
        var graph = new StateGraph<State>("fan")
            .AddNode("research", (s, ctx) => ctx.Update().Set(x => x.Notes, "n"))
            .AddNode("a", (s, ctx) => NodeResult.Empty)
            .AddNode("b", (s, ctx) => NodeResult.Empty)
            .AddEdge(GraphNames.Start, "research")
            .AddEdge("research", "a")
            .AddEdge("research", "b")
            .Compile();
        var (planner, thread, chain, outcome) = await RunFirst(graph);

        Assert.Null(planner.NextInChain(chain, outcome, Now));
        Assert.Equal(2, planner.ApplyOutcome(thread, outcome, Now).Dispatch.Count);
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task NextInChain_Breakpoint_EndsTheChain(string when)
    {
        var options = when == "before"
            ? new GraphOptions { InterruptBefore = new HashSet<string> { "write" } }
            : new GraphOptions { InterruptAfter = new HashSet<string> { "research" } };
        var (planner, _, chain, outcome) = await RunFirst(Pipeline(options));

        Assert.Null(planner.NextInChain(chain, outcome, Now));
        Assert.Equal(ThreadStatus.Interrupted, chain.Status);
    }

    [Fact]
    public async Task NextInChain_StepSideEffect_EndsTheChainAfterTheNode()
    {
        var (planner, _, chain, outcome) = await RunFirst(ResearchThenWrite(async (s, ctx) => ctx.Update().Set(x => x.Notes, await ctx.Step("fetch", () => "fetched"))));

        Assert.Equal(TaskOutcomeKind.Completed, outcome.Kind);
        Assert.Null(planner.NextInChain(chain, outcome, Now));
    }

    [Fact]
    public async Task NextInChain_Interrupt_EndsTheChain()
    {
        var (planner, _, chain, outcome) = await RunFirst(ResearchThenWrite((s, ctx) => Task.FromResult<NodeResult>(ctx.Update().Set(x => x.Notes, ctx.Interrupt<string>("notes?")))));

        Assert.Equal(TaskOutcomeKind.Interrupted, outcome.Kind);
        Assert.Null(planner.NextInChain(chain, outcome, Now));
    }
}
