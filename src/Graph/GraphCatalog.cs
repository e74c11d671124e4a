namespace Interlude.Graph;

/// <summary>
/// The graphs a host can run, by name and version. A thread runs on the version it started on; a new
/// thread starts on the highest version of its graph's name. Both lookups are dictionary reads.
/// </summary>
public sealed class GraphCatalog
{
    private readonly Dictionary<(string Name, int Version), CompiledGraph> graphs = [];
    private readonly Dictionary<string, CompiledGraph> latest = new(StringComparer.Ordinal);

    /// <summary>A catalog of <paramref name="graphs"/>, which may hold several versions of one name.</summary>
    /// <exception cref="ArgumentException">Two graphs have the same name and version.</exception>
    public GraphCatalog(IEnumerable<CompiledGraph> graphs)
    {
        foreach (var graph in graphs)
        {
            if (!this.graphs.TryAdd((graph.Name, graph.Version), graph))
            {
                throw new ArgumentException($"Two graphs are named '{graph.Name}' with version {graph.Version}.", nameof(graphs));
            }

            if (!latest.TryGetValue(graph.Name, out var highest) || highest.Version < graph.Version)
            {
                latest[graph.Name] = graph;
            }
        }
    }

    /// <summary>The names of the graphs, in ordinal order.</summary>
    public IEnumerable<string> Names => latest.Keys.Order(StringComparer.Ordinal);

    /// <summary>The highest version of the graph named <paramref name="name"/> (what a new thread starts on), or null when there is none.</summary>
    public CompiledGraph? Find(string name) => latest.GetValueOrDefault(name);

    /// <summary>Version <paramref name="version"/> of the graph named <paramref name="name"/>, or null when this host does not have it.</summary>
    public CompiledGraph? Find(string name, int version) => graphs.GetValueOrDefault((name, version));

    /// <summary>The highest version of the graph named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No graph has that name.</exception>
    public CompiledGraph Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"No graph is named '{name}'.");

    /// <summary>Version <paramref name="version"/> of the graph named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">This host does not have that version.</exception>
    public CompiledGraph Get(string name, int version) =>
        Find(name, version) ?? throw new KeyNotFoundException($"No graph is named '{name}' with version {version}.");
}
