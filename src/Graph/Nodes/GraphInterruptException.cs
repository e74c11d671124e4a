namespace Interlude.Graph.Nodes;

/// <summary>
/// Thrown by <c>NodeContext.Interrupt</c> to suspend the node until an answer arrives.
/// A node that catches it still pauses: the context remembers that an unanswered interrupt was raised.
/// </summary>
public sealed class GraphInterruptException(string interruptId)
    : Exception($"The node is waiting for an answer to interrupt {interruptId}.")
{
    /// <summary>The id of the unanswered interrupt.</summary>
    public string InterruptId { get; } = interruptId;
}
