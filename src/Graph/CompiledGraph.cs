using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;

namespace Interlude.Graph;

/// <summary>A node: its name and how to run it on a JSON state.</summary>
public sealed record NodeDefinition(string Name, Func<JsonObject, NodeContext, Task<NodeResult>> Run);

/// <summary>A conditional edge: a pure routing function of the state.</summary>
public sealed record RouteDefinition(string Source, Func<JsonObject, IEnumerable<string>> Route);

/// <summary>An immutable, runnable graph. Built by <see cref="StateGraph{TState}"/>.</summary>
public sealed class CompiledGraph
{
    internal CompiledGraph(
        string name,
        int version,
        ChannelSet channels,
        IReadOnlyDictionary<string, NodeDefinition> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<string>> edges,
        IReadOnlyDictionary<string, IReadOnlyList<RouteDefinition>> routes,
        GraphOptions options,
        IReadOnlyDictionary<string, AnswerValidator> validators,
        IReadOnlyDictionary<string, CompiledGraph> subgraphs,
        Func<JsonObject, string?> checkState)
    {
        this.checkState = checkState;
        Name = name;
        Version = version;
        Channels = channels;
        Nodes = nodes;
        Edges = edges;
        Routes = routes;
        Options = options;
        Validators = validators;
        Subgraphs = subgraphs;
    }

    private readonly Func<JsonObject, string?> checkState;

    /// <summary>The graph's name, by which hosts and clients address it.</summary>
    public string Name { get; }

    /// <summary>The graph's version (1 or more): threads started on it keep it (see <see cref="GraphCatalog"/>).</summary>
    public int Version { get; }

    /// <summary>The state's channels and their reducers.</summary>
    public ChannelSet Channels { get; }

    /// <summary>The nodes by name (START and END are not among them).</summary>
    public IReadOnlyDictionary<string, NodeDefinition> Nodes { get; }

    /// <summary>Static edges: source -> targets, in declaration order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Edges { get; }

    /// <summary>Conditional edges: source -> routing functions.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RouteDefinition>> Routes { get; }

    /// <summary>The options the graph was compiled with: breakpoints and default deadlines.</summary>
    public GraphOptions Options { get; }

    /// <summary>Answer validators registered on this graph, by name (subgraphs' not included; see <see cref="FindValidator"/>).</summary>
    public IReadOnlyDictionary<string, AnswerValidator> Validators { get; }

    /// <summary>Graphs that nodes of this graph may run with <c>ctx.Subgraph(name, ...)</c>.</summary>
    public IReadOnlyDictionary<string, CompiledGraph> Subgraphs { get; }

    /// <summary>Whether the graph has a node named <paramref name="name"/> (false for START and END).</summary>
    public bool HasNode(string name) => Nodes.ContainsKey(name);

    /// <summary>Whether the thread pauses before <paramref name="node"/> runs (<see cref="GraphOptions.InterruptBefore"/>).</summary>
    public bool BreaksBefore(string node) => Matches(Options.InterruptBefore, node);

    /// <summary>Whether the thread pauses after <paramref name="node"/> runs (<see cref="GraphOptions.InterruptAfter"/>).</summary>
    public bool BreaksAfter(string node) => Matches(Options.InterruptAfter, node);

    /// <summary>A validator of this graph or of any subgraph it runs.</summary>
    public AnswerValidator? FindValidator(string name) =>
        Validators.TryGetValue(name, out var validator)
            ? validator
            : Subgraphs.Values.Select(g => g.FindValidator(name)).FirstOrDefault(v => v is not null);

    /// <summary>
    /// Where <paramref name="source"/> leads on <paramref name="values"/>: static edges, then conditional
    /// edges, then <paramref name="gotoTargets"/>, without duplicates and without END.
    /// </summary>
    /// <exception cref="UnknownNodeException">A route or goto names a node that does not exist.</exception>
    public List<string> Successors(string source, JsonObject values, IEnumerable<string> gotoTargets)
    {
        var targets = new List<string>();
        if (Edges.TryGetValue(source, out var edges))
        {
            targets.AddRange(edges);
        }

        if (Routes.TryGetValue(source, out var routes))
        {
            foreach (var route in routes)
            {
                targets.AddRange(route.Route(values));
            }
        }

        targets.AddRange(gotoTargets);
        var result = new List<string>();
        foreach (var target in targets)
        {
            if (target == GraphNames.End || result.Contains(target))
            {
                continue;
            }

            if (!HasNode(target))
            {
                throw new UnknownNodeException($"Node '{source}' routes to '{target}', which is not a node of graph '{Name}'.");
            }

            result.Add(target);
        }

        return result;
    }

    /// <summary>Why <paramref name="values"/> do not fit the graph's state type (a field of the wrong kind), or null when they do.</summary>
    public string? CheckState(JsonObject values) => checkState(values);

    private bool Matches(IReadOnlySet<string> set, string node) => set.Contains(GraphNames.AllNodes) || set.Contains(node);
}

/// <summary>Compile-time options of a graph.</summary>
public sealed record GraphOptions
{
    /// <summary>Pause before these nodes run (<c>*</c>: all).</summary>
    public IReadOnlySet<string> InterruptBefore { get; init; } = new HashSet<string>();

    /// <summary>Pause after these nodes run (<c>*</c>: all).</summary>
    public IReadOnlySet<string> InterruptAfter { get; init; } = new HashSet<string>();

    /// <summary>Deadline of an interrupt that sets none itself.</summary>
    public TimeSpan? DefaultInterruptTimeout { get; init; }

    /// <summary>Deadline of a breakpoint pause; on expiry the thread is cancelled (reason <c>timeout</c>).</summary>
    public TimeSpan? BreakpointTimeout { get; init; }
}

/// <summary>A route, goto or node name that the graph does not have.</summary>
public sealed class UnknownNodeException(string message) : Exception(message);
