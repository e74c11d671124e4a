using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

/// <summary>Graph versions in the catalog: a thread's version by (name, version), a new thread's the highest.</summary>
public sealed class GraphCatalogTests
{
    private sealed record State
    {
        public string? RanOn { get; init; }
    }

    private static CompiledGraph Graph(string name, int version) =>
        new StateGraph<State>(name, version)
            .AddNode("stamp", (_, ctx) => ctx.Update().Set(s => s.RanOn, $"v{version}"))
            .AddEdge(GraphNames.Start, "stamp")
            .Compile();

    [Fact]
    public void Versions_AreFoundByNameAndVersion_AndANameFindsItsHighest()
    {
        var catalog = new GraphCatalog([Graph("g", 2), Graph("g", 1), Graph("other", 1)]);

        Assert.Equal(2, catalog.Find("g")!.Version);
        Assert.Equal(1, catalog.Find("g", 1)!.Version);
        Assert.Equal(2, catalog.Get("g", 2).Version);
        Assert.Null(catalog.Find("g", 3));
        Assert.Null(catalog.Find("missing", 1));
        Assert.Throws<KeyNotFoundException>(() => catalog.Get("g", 3));
        Assert.Equal(["g", "other"], catalog.Names);
    }

    [Fact]
    public void AGraph_IsVersion1_UnlessItSaysOtherwise_AndItsThreadsRecordTheirVersion()
    {
        var unversioned = new StateGraph<State>("g").AddNode("stamp", (_, ctx) => ctx.Update()).AddEdge(GraphNames.Start, "stamp").Compile();

        var (first, _) = new ThreadPlanner(unversioned).Start("t1", null, DateTimeOffset.UnixEpoch);
        var (second, _) = new ThreadPlanner(Graph("g", 7)).Start("t2", null, DateTimeOffset.UnixEpoch);

        Assert.Equal(1, unversioned.Version);
        Assert.Equal(1, first!.GraphVersion);
        Assert.Equal(7, second!.GraphVersion);
        Assert.Equal(7, ThreadCheckpoint.FromJson(second.ToJson()).GraphVersion);
    }

    [Fact]
    public void ACheckpointWrittenBeforeVersions_ReadsAsVersion1()
    {
        var (checkpoint, _) = new ThreadPlanner(Graph("g", 3)).Start("t", null, DateTimeOffset.UnixEpoch);
        var json = System.Text.Json.Nodes.JsonNode.Parse(checkpoint!.ToJson())!.AsObject();
        Assert.True(json.Remove("graphVersion"));

        Assert.Equal(1, ThreadCheckpoint.FromJson(json.ToJsonString()).GraphVersion);
    }

    [Fact]
    public void TheSameNameAndVersionTwice_IsRefused_AndAVersionBelow1IsNoVersion()
    {
        var twice = Assert.Throws<ArgumentException>(() => new GraphCatalog([Graph("g", 1), Graph("g", 2), Graph("g", 1)]));
        Assert.Contains("'g' with version 1", twice.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateGraph<State>("g", 0));
    }
}
