using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class RoutingTests
{
    private sealed record State
    {
        public string? Route { get; init; }

        public List<string>? Visited { get; init; }
    }

    /// <summary>A graph whose nodes each append their name to <c>visited</c>.</summary>
    private sealed class Recorder
    {
        private readonly StateGraph<State> builder = new StateGraph<State>("routing").Channel(s => s.Visited, Reducers.Append);

        public Dictionary<string, int> Entries { get; } = [];

        public StateGraph<State> Builder => builder;

        public Recorder Node(string name, Func<State, NodeContext<State>, Update<State>>? then = null)
        {
            builder.AddNode(name, (s, ctx) =>
            {
                Entries[name] = Entries.GetValueOrDefault(name) + 1;
                var update = then?.Invoke(s, ctx) ?? ctx.Update();
                return update.Set(x => x.Visited, [name]);
            });
            return this;
        }

        public int Count(string node) => Entries.GetValueOrDefault(node);
    }

    [Fact]
    public async Task StaticEdges_Chain_RunEachNodeOnceInOrderOneStepEach()
    {
        var r = new Recorder().Node("a").Node("b").Node("c");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").AddEdge("a", "b").AddEdge("b", "c").AddEdge("c", GraphNames.End).Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["a", "b", "c"], checkpoint.Strings("visited"));
        Assert.Equal(2, checkpoint.Step);
        Assert.Equal(CheckpointSource.Loop, checkpoint.Source);
    }

    [Theory]
    [InlineData("left", "left", "right")]
    [InlineData("right", "right", "left")]
    public async Task ConditionalEdge_StringRoute_RunsOnlyChosenBranch(string route, string taken, string skipped)
    {
        var r = new Recorder().Node("decide").Node("left").Node("right");
        var graph = r.Builder
            .AddEdge(GraphNames.Start, "decide")
            .AddConditionalEdges("decide", s => s.Route!)
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { route });

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["decide", taken], checkpoint.Strings("visited"));
        Assert.Equal(0, r.Count(skipped));
    }

    [Fact]
    public async Task ConditionalEdge_SeesTheNodesOwnWrites()
    {
        var r = new Recorder().Node("decide", (s, ctx) => ctx.Update().Set(x => x.Route, "right")).Node("left").Node("right");
        var graph = r.Builder
            .AddEdge(GraphNames.Start, "decide")
            .AddConditionalEdges("decide", s => s.Route ?? "left")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(["decide", "right"], checkpoint.Strings("visited"));
    }

    [Fact]
    public async Task ConditionalEdge_MultipleTargets_RunInParallelInOneStep()
    {
        var r = new Recorder().Node("fan").Node("x").Node("y").Node("join");
        var graph = r.Builder
            .AddEdge(GraphNames.Start, "fan")
            .AddConditionalEdges("fan", s => new[] { "x", "y" })
            .AddEdge("x", "join")
            .AddEdge("y", "join")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        var steps = executor.Plans.SelectMany(p => p.Steps).ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal(["x", "y"], steps[1].Writes.Select(w => w.Key));
        Assert.Equal(["fan", "x", "y", "join"], checkpoint.Strings("visited"));
        Assert.Equal(1, r.Count("join"));
    }

    [Fact]
    public async Task ConditionalEdge_ReturnsEnd_Completes()
    {
        var r = new Recorder().Node("a").Node("b");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").AddConditionalEdges("a", s => GraphNames.End).Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(0, r.Count("b"));
    }

    [Fact]
    public async Task ConditionalEdge_UnknownNode_FailsThreadNamingIt()
    {
        var r = new Recorder().Node("a");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").AddConditionalEdges("a", s => "atlantis").Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("a", checkpoint.Error!.Node);
        Assert.Contains("'atlantis'", checkpoint.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goto_FromNode_RunsTargetWithoutAnEdge()
    {
        var r = new Recorder().Node("a", (s, ctx) => ctx.Update().Goto("c")).Node("b").Node("c");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["a", "c"], checkpoint.Strings("visited"));
        Assert.Equal(0, r.Count("b"));
    }

    [Fact]
    public async Task Goto_SeveralTargets_RunInParallel()
    {
        var r = new Recorder().Node("a", (s, ctx) => ctx.Update().Goto("b", "c")).Node("b").Node("c");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(["a", "b", "c"], checkpoint.Strings("visited"));
        Assert.Equal(["b", "c"], executor.Plans.SelectMany(p => p.Steps).Last().Writes.Select(w => w.Key));
    }

    [Fact]
    public async Task Goto_End_CompletesWithoutError()
    {
        var r = new Recorder().Node("a", (s, ctx) => ctx.Update().Goto(GraphNames.End)).Node("b");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Null(checkpoint.Error);
        Assert.Equal(["a"], checkpoint.Strings("visited"));
    }

    [Fact]
    public async Task Goto_UnknownNode_FailsTaskAndThreadNamingIt()
    {
        var r = new Recorder().Node("a", (s, ctx) => ctx.Update().Goto("nowhere")).Node("b");
        var graph = r.Builder.AddEdge(GraphNames.Start, "a").AddEdge("a", "b").Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("a", checkpoint.Error!.Node);
        Assert.Contains("'nowhere'", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", checkpoint.Tasks.Single().Error, StringComparison.Ordinal);
        Assert.Equal(0, r.Count("b"));
        Assert.Null(checkpoint.Values["visited"]);
    }

    [Fact]
    public async Task NodeThrows_DefaultExecutor_FailsThreadWithNodeAndMessage()
    {
        var r = new Recorder().Node("boom", (s, ctx) => throw new InvalidOperationException("disk on fire")).Node("after");
        var graph = r.Builder.AddEdge(GraphNames.Start, "boom").AddEdge("boom", "after").Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("boom", checkpoint.Error!.Node);
        Assert.Contains("disk on fire", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, r.Count("after"));
    }

    [Fact]
    public async Task NodeThrows_FailOnNodeExceptionFalse_ExceptionPropagates()
    {
        var r = new Recorder().Node("boom", (s, ctx) => throw new InvalidOperationException("disk on fire"));
        var graph = r.Builder.AddEdge(GraphNames.Start, "boom").Compile();
        var executor = new GraphExecutor(graph) { FailOnNodeException = false };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => executor.StartAsync("t", null));

        Assert.Equal("disk on fire", error.Message);
    }

    [Fact]
    public async Task Loop_ConditionalEdgeBackToSelf_RunsUntilConditionAndStepsCount()
    {
        var r = new Recorder().Node("loop");
        var graph = r.Builder
            .AddEdge(GraphNames.Start, "loop")
            .AddConditionalEdges("loop", s => s.Visited is { Count: >= 3 } ? GraphNames.End : "loop")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(3, r.Count("loop"));
        Assert.Equal(2, checkpoint.Step);
    }
}
