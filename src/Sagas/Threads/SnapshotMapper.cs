using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>Builds the public views of a checkpoint: snapshots and interrupts.</summary>
internal static class SnapshotMapper
{
    public static ThreadStateSnapshot ToSnapshot(this ThreadCheckpoint checkpoint) => new()
    {
        ThreadId = checkpoint.ThreadId,
        Graph = checkpoint.Graph,
        GraphVersion = checkpoint.GraphVersion,
        Status = Name(checkpoint.Status),
        Values = JsonBridge.ToObjectElement(checkpoint.Values),
        Next = [.. checkpoint.Next],
        Tasks = [.. checkpoint.Tasks.Select(t => new TaskInfo
        {
            Id = t.Id,
            Name = t.Node,
            Interrupts = [.. t.Interrupts.Select(ToInfo)],
            Error = t.Error,
        })],
        Interrupts = [.. checkpoint.OpenInterrupts.Select(ToInfo)],
        Step = checkpoint.Step,
        CheckpointId = checkpoint.CheckpointId,
        ParentCheckpointId = checkpoint.ParentCheckpointId,
        CreatedAt = checkpoint.CreatedAt,
        Metadata = new CheckpointMetadata
        {
            Source = Name(checkpoint.Source),
            Writes = JsonBridge.ToElement(checkpoint.Writes),
        },
        Error = checkpoint.Error is null ? null : new ThreadErrorInfo { Node = checkpoint.Error.Node, Message = checkpoint.Error.Message },
        CancelReason = checkpoint.CancelReason,
        Revision = checkpoint.Revision,
        StartedBy = checkpoint.StartedBy,
    };

    public static InterruptInfo ToInfo(this InterruptRecord interrupt) => new()
    {
        Id = interrupt.Id,
        Value = JsonBridge.ToElement(interrupt.Value),
        Node = interrupt.Node,
        Ns = interrupt.Ns,
        When = Name(interrupt.When),
        RaisedAt = interrupt.RaisedAt,
        ExpiresAt = interrupt.ExpiresAt,
        Approvers = interrupt.Approvers,
        FourEyes = interrupt.FourEyes,
        Answer = interrupt.Answer.ToInfo(),
    };

    public static PendingInterrupt ToPending(this InterruptRecord interrupt, ThreadCheckpoint checkpoint) => new()
    {
        ThreadId = checkpoint.ThreadId,
        Graph = checkpoint.Graph,
        GraphVersion = checkpoint.GraphVersion,
        StartedBy = checkpoint.StartedBy,
        Approvers = interrupt.Approvers,
        FourEyes = interrupt.FourEyes,
        Id = interrupt.Id,
        Value = JsonBridge.ToElement(interrupt.Value),
        Node = interrupt.Node,
        Ns = interrupt.Ns,
        When = Name(interrupt.When),
        RaisedAt = interrupt.RaisedAt,
        ExpiresAt = interrupt.ExpiresAt,
        Answer = interrupt.Answer.ToInfo(),
    };

    /// <summary>The lower-case wire name of an engine enum value (<c>interrupted</c>, <c>before</c>, <c>loop</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
