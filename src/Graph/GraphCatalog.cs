namespace Interlude.Graph;

/// <summary>The graphs a host can run, by name.</summary>
public sealed class GraphCatalog
{
    private readonly Dictionary<string, CompiledGraph> graphs = new(StringComparer.Ordinal);

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

    public IEnumerable<string> Names => graphs.Keys.Order(StringComparer.Ordinal);

    public CompiledGraph? Find(string name) => graphs.GetValueOrDefault(name);

    public CompiledGraph Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"No graph is named '{name}'.");
}
