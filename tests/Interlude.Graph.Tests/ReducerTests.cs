using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class ReducerTests
{
    private sealed record State
    {
        public string? Name { get; init; }

        public List<string>? Items { get; init; }

        public int Total { get; init; }
    }

    private static StateGraph<State> NewGraph() =>
        new StateGraph<State>("reducers")
            .Channel(s => s.Items, Reducers.Append)
            .Channel(s => s.Total, Reducers.Custom((current, update) => (current?.GetValue<int>() ?? 0) + update!.GetValue<int>()));

    [Fact]
    public async Task LastValue_WritesInSuccessiveSteps_KeepsLastValue()
    {
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => ctx.Update().Set(x => x.Name, s.Name + "+a"))
            .AddNode("b", (s, ctx) => ctx.Update().Set(x => x.Name, "b-wins"))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge("a", "b")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", new { name = "input" });

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("b-wins", checkpoint.Text("name"));
        var steps = executor.Plans.SelectMany(p => p.Steps).ToList();
        Assert.Equal("input+a", steps[0].Writes["a"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task LastValue_NodeDoesNotWriteChannel_ValueUnchanged()
    {
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => ctx.Update().Set(x => x.Total, 1))
            .AddEdge(GraphNames.Start, "a")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { name = "kept" });

        Assert.Equal("kept", checkpoint.Text("name"));
    }

    [Fact]
    public async Task LastValue_TwoParallelWritesInOneStep_FailsThreadNamingChannel()
    {
        var joined = 0;
        var graph = NewGraph()
            .AddNode("left", (s, ctx) => ctx.Update().Set(x => x.Name, "L"))
            .AddNode("right", (s, ctx) => ctx.Update().Set(x => x.Name, "R"))
            .AddNode("join", (s, ctx) =>
            {
                joined++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "left")
            .AddEdge(GraphNames.Start, "right")
            .AddEdge("left", "join")
            .AddEdge("right", "join")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { name = "before" });

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.NotNull(checkpoint.Error);
        Assert.Contains("'name'", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Contains("left", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Contains("right", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Equal("before", checkpoint.Text("name"));
        Assert.Equal(0, joined);
    }

    [Fact]
    public async Task Append_SingleValuesFromParallelNodes_AppendedInTaskOrder()
    {
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => ctx.Update().Set(x => x.Items, ["from-a"]))
            .AddNode("b", (s, ctx) => new NodeResult().Write("items", "from-b"))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { items = new[] { "seed" } });

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["seed", "from-a", "from-b"], checkpoint.Strings("items"));
    }

    [Fact]
    public async Task Append_ArrayWrite_AppendsEachItemNotTheArray()
    {
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => new NodeResult().Write("items", new[] { "p", "q" }))
            .AddEdge(GraphNames.Start, "a")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { items = new[] { "o" } });

        var items = Assert.IsType<JsonArray>(checkpoint.Values["items"]);
        Assert.Equal(3, items.Count);
        Assert.All(items, item => Assert.IsAssignableFrom<JsonValue>(item));
        Assert.Equal(["o", "p", "q"], checkpoint.Strings("items"));
    }

    [Fact]
    public void Append_CurrentScalar_BecomesFirstItem()
    {
        var reduced = Reducers.Append.Reduce("items", JsonValue.Create("old"), [new ChannelWrite("a", JsonValue.Create("new"))]);

        Assert.Equal("[\"old\",\"new\"]", reduced!.ToJsonString());
    }

    [Fact]
    public async Task CustomFold_InputAndParallelWrites_FoldedInOrder()
    {
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => ctx.Update().Set(x => x.Total, 2))
            .AddNode("b", (s, ctx) => ctx.Update().Set(x => x.Total, 3))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { total = 10 });

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(15, checkpoint.Values["total"]!.GetValue<int>());
    }

    [Fact]
    public void CustomFold_SeesWritesInTaskOrder()
    {
        var concat = Reducers.Custom((current, update) => JsonValue.Create((current?.GetValue<string>() ?? string.Empty) + update!.GetValue<string>()));

        var reduced = concat.Reduce("s", JsonValue.Create(">"), [new ChannelWrite("a", JsonValue.Create("1")), new ChannelWrite("b", JsonValue.Create("2"))]);

        Assert.Equal(">12", reduced!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownChannel_NodeWritesIt_TaskFailsNamingChannelAndNode()
    {
        var after = 0;
        var graph = NewGraph()
            .AddNode("a", (s, ctx) => new NodeResult().Write("no_such_channel", 1))
            .AddNode("b", (s, ctx) =>
            {
                after++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "a")
            .AddEdge("a", "b")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("a", checkpoint.Error!.Node);
        Assert.Contains("'no_such_channel'", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Equal("a", Assert.Single(checkpoint.Tasks).Node);
        Assert.NotNull(checkpoint.Tasks[0].Error);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task UnknownChannel_InInput_StartRefusedAsMalformed()
    {
        var graph = NewGraph().AddNode("a", (s, ctx) => NodeResult.Empty).AddEdge(GraphNames.Start, "a").Compile();

        var (checkpoint, result) = new ThreadPlanner(graph).Start("t", new JsonObject { ["bogus"] = 1 }, TestClock.Epoch);

        Assert.Null(checkpoint);
        Assert.Equal(RejectionReasons.Malformed, result.Rejected!.Reason);
        Assert.Contains("'bogus'", result.Rejected.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new GraphExecutor(graph).StartAsync("t", new { bogus = 1 }));
    }

    [Fact]
    public void ChannelSet_Apply_DoesNotMutateTheGivenValues()
    {
        var graph = NewGraph().AddNode("a", (s, ctx) => NodeResult.Empty).AddEdge(GraphNames.Start, "a").Compile();
        var values = new JsonObject { ["name"] = "old", ["items"] = new JsonArray("x") };

        var next = graph.Channels.Apply(values, [("a", new JsonObject { ["name"] = "new", ["items"] = "y" })]);

        Assert.Equal("{\"name\":\"old\",\"items\":[\"x\"]}", values.ToJsonString());
        Assert.Equal("{\"name\":\"new\",\"items\":[\"x\",\"y\"]}", next.ToJsonString());
    }
}
