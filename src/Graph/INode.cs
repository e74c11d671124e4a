using Interlude.Graph.Nodes;

namespace Interlude.Graph;

/// <summary>
/// A node written as a class, added with <see cref="StateGraph{TState}.AddNode{TNode}(string)"/>. A new
/// instance is created in a fresh DI scope for each run of the node (its constructor may take an
/// <c>HttpClient</c>, a <c>DbContext</c> or a domain service) and disposed after the run. On a resume the
/// node runs again from its start in a new instance, as a lambda node does.
/// </summary>
/// <typeparam name="TState">The graph's state type.</typeparam>
public interface INode<TState>
{
    /// <summary>Runs the node on a snapshot of the state.</summary>
    /// <param name="state">The state the node sees: the checkpoint's values before this step's writes.</param>
    /// <param name="context">Interrupts, journaled steps, subgraphs, the run's services and its cancellation.</param>
    /// <returns>The node's writes and goto targets, never the whole state.</returns>
    Task<NodeResult> RunAsync(TState state, NodeContext<TState> context);
}
