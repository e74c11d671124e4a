using System.Text.Json.Nodes;

namespace Interlude.Graph.Nodes;

/// <summary>
/// What a node returns: writes to named channels and optional goto targets. Never the whole state,
/// so parallel nodes and append reducers compose.
/// </summary>
public class NodeResult
{
    private readonly JsonObject writes = [];
    private readonly List<string> gotoTargets = [];

    /// <summary>A result with no writes and no goto.</summary>
    public static NodeResult Empty => new();

    /// <summary>Channel name -> value written.</summary>
    public JsonObject Writes => writes;

    /// <summary>Nodes to run next in addition to the static and conditional edges (<see cref="GraphNames.End"/> for none).</summary>
    public IReadOnlyList<string> GotoTargets => gotoTargets;

    /// <summary>Writes <paramref name="value"/> to channel <paramref name="channel"/>.</summary>
    public NodeResult Write(string channel, object? value)
    {
        writes[channel] = GraphJson.ToNode(value);
        return this;
    }

    /// <summary>Also routes to <paramref name="nodes"/> (LangGraph's <c>Command(goto=...)</c>).</summary>
    public NodeResult Goto(params string[] nodes)
    {
        gotoTargets.AddRange(nodes);
        return this;
    }
}
