namespace Interlude.Graph.Nodes;

/// <summary>
/// A class node could not be created in its task's scope (a constructor parameter nobody provides).
/// The runner fails the task with this message: retrying would not help.
/// </summary>
internal sealed class NodeActivationException(string message, Exception innerException) : Exception(message, innerException);
