namespace Interlude.Graph;

/// <summary>The graphs a host can run, by name.</summary>
public sealed class GraphCatalog
{
    private readonly Dictionary<string, CompiledGraph> graphs = new(StringComparer.Ordinal);

    /// <summary>A catalog of <paramref name="graphs"/>.</summary>
    /// <exception cref="ArgumentException">Two graphs have the same name.</exception>
    public GraphCatalog(IEnumerable<CompiledGraph> graphs)
    {
        foreach (var graph in graphs)
        {
            if (!this.graphs.TryAdd(graph.Name, graph))
            {
                throw new ArgumentException($"Two graphs are named '{graph.Name}'.", nameof(graphs));
            }
        }
    }

    /// <summary>The names of the graphs, in ordinal order.</summary>
    public IEnumerable<string> Names => graphs.Keys.Order(StringComparer.Ordinal);

    /// <summary>The graph named <paramref name="name"/>, or null when there is none.</summary>
    public CompiledGraph? Find(string name) => graphs.GetValueOrDefault(name);

    /// <summary>The graph named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No graph has that name.</exception>
    public CompiledGraph Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"No graph is named '{name}'.");
}
