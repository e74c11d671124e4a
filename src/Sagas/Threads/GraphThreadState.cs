using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// One thread of a graph: the saga row is the thread's latest checkpoint. Plain columns plus JSON
/// text, a version for optimistic concurrency, and the state name stored as a string.
/// </summary>
public class GraphThreadState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>UUID v5 of <see cref="ThreadId"/>.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The machine's state name: <c>Running</c>, <c>Interrupted</c>, <c>Completed</c>, <c>Failed</c> or <c>Cancelled</c> (see <see cref="GraphThreadStateMachine"/>).</summary>
    public string CurrentState { get; set; } = string.Empty;

    /// <summary>Optimistic concurrency token: raised by one on every saved change; a stale update is a conflict, retried.</summary>
    public int Version { get; set; }

    /// <summary>The thread's id as callers give it (1 to 64 characters of <c>[A-Za-z0-9._:-]</c>).</summary>
    public string ThreadId { get; set; } = string.Empty;

    /// <summary>The name of the graph the thread runs, as registered in the host's <see cref="Interlude.Graph.GraphCatalog"/>.</summary>
    public string Graph { get; set; } = string.Empty;

    /// <summary>The version of <see cref="Graph"/> the thread started on and runs on (the checkpoint has it too).</summary>
    public int GraphVersion { get; set; } = 1;

    /// <summary>The checkpoint: values, the step in flight, open interrupts (JSON of <c>ThreadCheckpoint</c>).</summary>
    public string Checkpoint { get; set; } = string.Empty;

    /// <summary>
    /// The ids of the tasks the thread waits for, space-separated, written with <see cref="Checkpoint"/>:
    /// a node worker checks a redelivered task against it with one small read instead of loading the checkpoint.
    /// </summary>
    public string RunningTasks { get; set; } = string.Empty;

    /// <summary>Requests to answer once the thread pauses or ends (JSON of <see cref="ThreadWaiter"/>s).</summary>
    public string? Waiters { get; set; }

    /// <summary>Who started the thread (<c>StartThread.By</c>), as the checkpoint has it too; null when the start named nobody.</summary>
    public string? StartedBy { get; set; }

    /// <summary>When the thread was started (the runtime's clock, see <see cref="ThreadRuntime.Now"/>).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the thread's latest checkpoint was committed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>MassTransit's token of the thread's one wake-up schedule (see <see cref="GraphThreadStateMachine.WakeUp"/>).</summary>
    public Guid? WakeUpToken { get; set; }

    /// <summary>When the current wake-up schedule fires; null when none is set.</summary>
    public DateTimeOffset? WakeUpAt { get; set; }
}
