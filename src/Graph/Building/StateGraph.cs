using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;

namespace Interlude.Graph;

/// <summary>
/// Builds a graph over a typed state. Each public property of <typeparamref name="TState"/> is a
/// channel named by its JSON name (snake_case), with the last-value reducer unless
/// <see cref="Channel{TValue}"/> gives it another.
/// </summary>
/// <param name="name">The graph's name, by which hosts and clients address it.</param>
/// <param name="version">
/// The graph's version (1 or more): a host may register several versions of one name; a thread keeps the
/// version it started on, and new threads start on the highest.
/// </param>
public sealed class StateGraph<TState>(string name, int version = 1)
{
    private readonly Dictionary<string, Reducer> reducers = ChannelName.All(typeof(TState))
        .ToDictionary(c => c.Channel, _ => Reducers.LastValue, StringComparer.Ordinal);

    private readonly Dictionary<string, NodeDefinition> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RouteDefinition>> routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnswerValidator> validators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledGraph> subgraphs = new(StringComparer.Ordinal);

    /// <summary>The graph's name, by which hosts and clients address it.</summary>
    public string Name { get; } = name;

    /// <summary>The graph's version: a thread started on it runs on it to the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The version is less than 1.</exception>
    public int Version { get; } = version >= 1 ? version : throw new ArgumentOutOfRangeException(nameof(version), version, "A graph's version is 1 or more.");

    /// <summary>Gives the channel of <paramref name="field"/> a reducer (append, or a custom fold).</summary>
    public StateGraph<TState> Channel<TValue>(Expression<Func<TState, TValue>> field, Reducer reducer)
    {
        reducers[ChannelName.Of(field)] = reducer;
        return this;
    }

    /// <summary>Adds a node run by <paramref name="run"/> on a snapshot of the state.</summary>
    /// <param name="node">The node's name: not START, END or <c>*</c>, and without <c>:</c>.</param>
    /// <param name="run">The node: the state and its context in, its writes and goto out.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is reserved or already taken.</exception>
    public StateGraph<TState> AddNode(string node, Func<TState, NodeContext<TState>, Task<NodeResult>> run)
    {
        if (node is GraphNames.Start or GraphNames.End or GraphNames.AllNodes || string.IsNullOrWhiteSpace(node) || node.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{node}' cannot be a node name.", nameof(node));
        }

        if (!nodes.TryAdd(node, new NodeDefinition(node, (values, context) => run(Read(values), new NodeContext<TState>(context.Scope)))))
        {
            throw new ArgumentException($"Graph '{Name}' already has a node '{node}'.", nameof(node));
        }

        return this;
    }

    /// <inheritdoc cref="AddNode(string, Func{TState, NodeContext{TState}, Task{NodeResult}})"/>
    public StateGraph<TState> AddNode(string node, Func<TState, NodeContext<TState>, NodeResult> run) =>
        AddNode(node, (state, context) => Task.FromResult(run(state, context)));

    /// <summary>
    /// Adds a class node: each run of <paramref name="node"/> gets a new <typeparamref name="TNode"/>,
    /// resolved from the task's DI scope if it is registered there, otherwise created with
    /// <see cref="Microsoft.Extensions.DependencyInjection.ActivatorUtilities"/> from that scope's services
    /// (and disposed after the run if it is disposable). A constructor parameter the scope cannot
    /// supply fails the task with an error naming the node and the missing service.
    /// </summary>
    /// <typeparam name="TNode">The node's class; its constructor takes the services it needs.</typeparam>
    /// <param name="node">The node's name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is reserved or already taken.</exception>
    public StateGraph<TState> AddNode<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNode>(string node)
        where TNode : INode<TState> =>
        AddNode(node, ClassNode.RunAsync<TState, TNode>);

    /// <summary>A static edge: after <paramref name="from"/> runs, <paramref name="to"/> runs.</summary>
    public StateGraph<TState> AddEdge(string from, string to)
    {
        if (!edges.TryGetValue(from, out var targets))
        {
            edges[from] = targets = [];
        }

        targets.Add(to);
        return this;
    }

    /// <summary>A conditional edge: a pure function of the state names the next node (or END).</summary>
    public StateGraph<TState> AddConditionalEdges(string from, Func<TState, string> route) =>
        AddConditionalEdges(from, state => [route(state)]);

    /// <summary>A conditional edge naming several next nodes (they run in parallel).</summary>
    public StateGraph<TState> AddConditionalEdges(string from, Func<TState, IEnumerable<string>> route)
    {
        if (!routes.TryGetValue(from, out var list))
        {
            routes[from] = list = [];
        }

        list.Add(new RouteDefinition(from, values => route(Read(values))));
        return this;
    }

    /// <summary>Registers a validator that interrupts of this graph can name in their options.</summary>
    public StateGraph<TState> AddValidator(AnswerValidator validator)
    {
        validators[validator.Name] = validator;
        return this;
    }

    /// <summary>Registers a graph that nodes may run with <c>ctx.Subgraph(name, input)</c>.</summary>
    public StateGraph<TState> AddSubgraph(string subgraph, CompiledGraph graph)
    {
        subgraphs[subgraph] = graph;
        return this;
    }

    /// <summary>Checks the graph and freezes it.</summary>
    /// <exception cref="InvalidOperationException">An edge, breakpoint or entry is missing or names no node.</exception>
    public CompiledGraph Compile(GraphOptions? options = null)
    {
        options ??= new GraphOptions();
        Runtime.Deadlines.Check(options.BreakpointTimeout, "The graph's BreakpointTimeout");
        Runtime.Deadlines.Check(options.DefaultInterruptTimeout, "The graph's DefaultInterruptTimeout");
        if (!edges.ContainsKey(GraphNames.Start) && !routes.ContainsKey(GraphNames.Start))
        {
            throw new InvalidOperationException($"Graph '{Name}' has no entry: add an edge from START.");
        }

        foreach (var (from, targets) in edges)
        {
            RequireNode(from, allowStart: true, "an edge");
            foreach (var to in targets.Where(t => t != GraphNames.End))
            {
                RequireNode(to, allowStart: false, "an edge");
            }
        }

        foreach (var from in routes.Keys)
        {
            RequireNode(from, allowStart: true, "a conditional edge");
        }

        foreach (var node in options.InterruptBefore.Concat(options.InterruptAfter).Where(n => n != GraphNames.AllNodes))
        {
            RequireNode(node, allowStart: false, "a breakpoint");
        }

        return new CompiledGraph(
            Name,
            Version,
            new ChannelSet(new Dictionary<string, Reducer>(reducers)),
            new Dictionary<string, NodeDefinition>(nodes),
            edges.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[.. e.Value]),
            routes.ToDictionary(r => r.Key, r => (IReadOnlyList<RouteDefinition>)[.. r.Value]),
            options,
            new Dictionary<string, AnswerValidator>(validators),
            new Dictionary<string, CompiledGraph>(subgraphs),
            CheckState);
    }

    private void RequireNode(string node, bool allowStart, string what)
    {
        if (!(allowStart && node == GraphNames.Start) && !nodes.ContainsKey(node))
        {
            throw new InvalidOperationException($"Graph '{Name}': {what} names '{node}', which is not a node.");
        }
    }

    private static string? CheckState(JsonObject values)
    {
        try
        {
            Read(values);
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"The values do not fit {typeof(TState).Name}: {e.Message}";
        }
    }

    private static TState Read(JsonObject values) =>
        GraphJson.FromNode<TState>(values) ?? throw new InvalidOperationException($"State of type {typeof(TState).Name} cannot be null.");
}
