using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>The events a thread publishes when it enters an end state, from the checkpoint that ended it.</summary>
internal static class ThreadEndings
{
    public static ThreadCompleted Completed(ThreadCheckpoint checkpoint) =>
        new() { ThreadId = checkpoint.ThreadId, Graph = checkpoint.Graph, Values = JsonBridge.ToObjectElement(checkpoint.Values) };

    public static ThreadFailed Failed(ThreadCheckpoint checkpoint) =>
        new() { ThreadId = checkpoint.ThreadId, Graph = checkpoint.Graph, Node = checkpoint.Error?.Node, Error = checkpoint.Error?.Message ?? "failed" };

    public static ThreadCancelled Cancelled(ThreadCheckpoint checkpoint) =>
        new() { ThreadId = checkpoint.ThreadId, Graph = checkpoint.Graph, Reason = checkpoint.CancelReason ?? "requested" };
}
