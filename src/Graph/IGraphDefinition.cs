namespace Interlude.Graph;

/// <summary>
/// A graph defined by a class that the DI container constructs, so the definition can take options or
/// services in its constructor (<c>class OrderGraph(IOrderOptions options) : IGraphDefinition</c>).
/// The graph it builds is meant to be built once and shared by every thread, so what the constructor
/// takes should live as long (options, singletons); nodes that need per-run services are class nodes
/// (<see cref="INode{TState}"/>) or use <c>NodeContext.Services</c>.
/// </summary>
public interface IGraphDefinition
{
    /// <summary>Builds and compiles the graph (typically <c>new StateGraph&lt;T&gt;(name)...Compile()</c>).</summary>
    /// <returns>The compiled graph, named as hosts and clients will address it.</returns>
    CompiledGraph Build();
}
