using System.Text.Json.Serialization;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class BuilderTests
{
    private sealed record State
    {
        public string? ActionDetails { get; init; }

        public int UserId { get; init; }

        [JsonPropertyName("renamed")]
        public string? Original { get; init; }

        [JsonIgnore]
        public string? Hidden { get; init; }
    }

    private static StateGraph<State> OneNode() =>
        new StateGraph<State>("builder").AddNode("a", (s, ctx) => NodeResult.Empty);

    [Fact]
    public void Compile_NoEntry_ThrowsNamingGraph()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OneNode().Compile());

        Assert.Contains("'builder'", error.Message, StringComparison.Ordinal);
        Assert.Contains("START", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EntryByConditionalEdge_Accepted()
    {
        var graph = OneNode().AddConditionalEdges(GraphNames.Start, s => "a").Compile();

        Assert.True(graph.HasNode("a"));
    }

    [Fact]
    public void Compile_EdgeToMissingNode_ThrowsNamingNode()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a").AddEdge("a", "ghost");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Compile());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EdgeFromMissingNode_ThrowsNamingNode()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a").AddEdge("ghost", "a");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Compile());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ConditionalEdgeFromMissingNode_ThrowsNamingNode()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a").AddConditionalEdges("ghost", s => "a");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Compile());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EdgeToEnd_Accepted()
    {
        var graph = OneNode().AddEdge(GraphNames.Start, "a").AddEdge("a", GraphNames.End).Compile();

        Assert.Equal([GraphNames.End], graph.Edges["a"]);
    }

    [Fact]
    public void Compile_BreakpointBeforeMissingNode_ThrowsNamingNode()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a");

        var error = Assert.Throws<InvalidOperationException>(
            () => builder.Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "ghost" } }));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Contains("breakpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_BreakpointAfterMissingNode_ThrowsNamingNode()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a");

        var error = Assert.Throws<InvalidOperationException>(
            () => builder.Compile(new GraphOptions { InterruptAfter = new HashSet<string> { "phantom" } }));

        Assert.Contains("'phantom'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_BreakpointStar_AcceptedAndMatchesEveryNode()
    {
        var graph = OneNode()
            .AddNode("b", (s, ctx) => NodeResult.Empty)
            .AddEdge(GraphNames.Start, "a")
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { GraphNames.AllNodes } });

        Assert.True(graph.BreaksBefore("a"));
        Assert.True(graph.BreaksBefore("b"));
        Assert.False(graph.BreaksAfter("a"));
    }

    [Fact]
    public void AddNode_DuplicateName_ThrowsNamingNode()
    {
        var builder = OneNode();

        var error = Assert.Throws<ArgumentException>(() => builder.AddNode("a", (s, ctx) => NodeResult.Empty));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GraphNames.Start)]
    [InlineData(GraphNames.End)]
    [InlineData(GraphNames.AllNodes)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("has:colon")]
    public void AddNode_ReservedOrInvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => OneNode().AddNode(name, (s, ctx) => NodeResult.Empty));
    }

    [Fact]
    public void Channels_AreSnakeCaseJsonNames_IgnoredPropertiesExcluded()
    {
        var graph = OneNode().AddEdge(GraphNames.Start, "a").Compile();

        Assert.Equal(
            ["action_details", "renamed", "user_id"],
            graph.Channels.Reducers.Keys.Order(StringComparer.Ordinal));
        Assert.All(graph.Channels.Reducers.Values, r => Assert.Same(Reducers.LastValue, r));
    }

    [Fact]
    public void Channel_WithReducer_ReplacesLastValueForThatChannelOnly()
    {
        var graph = OneNode().Channel(s => s.UserId, Reducers.Append).AddEdge(GraphNames.Start, "a").Compile();

        Assert.Same(Reducers.Append, graph.Channels.Reducers["user_id"]);
        Assert.Same(Reducers.LastValue, graph.Channels.Reducers["action_details"]);
    }

    [Fact]
    public void Channel_ExpressionNotAProperty_Throws()
    {
        Assert.Throws<ArgumentException>(() => OneNode().Channel(s => s.UserId + 1, Reducers.Append));
    }

    [Fact]
    public async Task TypedState_NodeReadsAndWritesSnakeCaseChannels()
    {
        State? seen = null;
        var graph = new StateGraph<State>("typed")
            .AddNode("a", (s, ctx) =>
            {
                seen = s;
                return ctx.Update().Set(x => x.ActionDetails, s.ActionDetails + "!").Set(x => x.Original, "o").Set(x => x.UserId, s.UserId + 1);
            })
            .AddEdge(GraphNames.Start, "a")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", new { action_details = "send", user_id = 41 });

        Assert.Equal(new State { ActionDetails = "send", UserId = 41 }, seen);
        Assert.Equal("send!", checkpoint.Text("action_details"));
        Assert.Equal("o", checkpoint.Text("renamed"));
        Assert.Equal(42, checkpoint.Values["user_id"]!.GetValue<int>());
    }

    [Fact]
    public void Compile_GraphIsFrozen_LaterBuilderChangesDoNotLeakIn()
    {
        var builder = OneNode().AddEdge(GraphNames.Start, "a");
        var graph = builder.Compile();

        builder.AddNode("late", (s, ctx) => NodeResult.Empty).AddEdge("a", "late");

        Assert.False(graph.HasNode("late"));
        Assert.False(graph.Edges.ContainsKey("a"));
    }
}
