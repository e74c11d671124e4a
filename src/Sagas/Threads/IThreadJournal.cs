using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>
/// What a thread leaves behind besides its saga row: a history row per checkpoint, a row per
/// interrupt (the approval inbox) and an append-only row per resolution of one (its audit). Written
/// with the saga row, read without touching it.
/// </summary>
internal interface IThreadJournal
{
    /// <summary>
    /// Records the interrupts a plan raised or resolved, and the head checkpoint when it is new or the
    /// thread has settled on it, so a history row shows its checkpoint paused or finished, not mid-run
    /// (in the saga's transaction). <c>state</c> is the checkpoint's JSON as written to the saga row,
    /// so it is serialised once. The plan's audit entries (<see cref="AuditTrail"/>, with <paramref name="command"/>
    /// when a command caused it) are appended too.
    /// </summary>
    Task Record(ThreadCheckpoint checkpoint, string state, PlanResult result, AuditContext? command, CancellationToken cancellationToken);

    /// <summary>A page of the thread's audit, oldest first; empty past its end (and for a thread that does not exist).</summary>
    Task<IReadOnlyList<AuditEntry>> Audit(string threadId, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The thread's checkpoints, newest first; empty if the thread does not exist.</summary>
    Task<IReadOnlyList<ThreadCheckpoint>> History(string threadId, CancellationToken cancellationToken);

    /// <summary>One checkpoint of a thread as it was last recorded, or null.</summary>
    Task<ThreadCheckpoint?> Checkpoint(string threadId, string checkpointId, CancellationToken cancellationToken);

    /// <summary>
    /// What a refusal must know of the thread's closed interrupts (<see cref="ThreadPlanner.DependsOnResolutions"/>):
    /// the resolutions of <paramref name="interruptIds"/> and the thread's latest one, oldest first.
    /// </summary>
    Task<IReadOnlyList<ResolvedInterrupt>> Resolutions(string threadId, IReadOnlyCollection<string> interruptIds, CancellationToken cancellationToken);

    /// <summary>
    /// Open interrupts across threads, oldest first: of <paramref name="graph"/> and <paramref name="graphVersion"/>
    /// when given; with <paramref name="mine"/>, only those that caller may answer (paged after that filter).
    /// </summary>
    Task<IReadOnlyList<PendingInterrupt>> Pending(string? graph, int? graphVersion, int page, int pageSize, InboxCaller? mine, CancellationToken cancellationToken);

    /// <summary>How many interrupts are open, by graph and version: one grouped count, for the open-interrupts gauge.</summary>
    Task<IReadOnlyList<OpenInterruptCount>> OpenCounts(CancellationToken cancellationToken);
}
