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

    public string CurrentState { get; set; } = string.Empty;

    public int Version { get; set; }

    public string ThreadId { get; set; } = string.Empty;

    public string Graph { get; set; } = string.Empty;

    /// <summary>The checkpoint: values, the step in flight, open interrupts (JSON of <c>ThreadCheckpoint</c>).</summary>
    public string Checkpoint { get; set; } = string.Empty;

    /// <summary>Requests to answer once the thread pauses or ends (JSON of <see cref="ThreadWaiter"/>s).</summary>
    public string? Waiters { get; set; }

    /// <summary>Outcomes of recent commands by idempotency key (JSON of <see cref="CommandOutcome"/>s).</summary>
    public string? RecentCommands { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>MassTransit's token of the thread's one wake-up schedule (see <see cref="GraphThreadStateMachine.WakeUp"/>).</summary>
    public Guid? WakeUpToken { get; set; }

    /// <summary>When the current wake-up schedule fires; null when none is set.</summary>
    public DateTimeOffset? WakeUpAt { get; set; }

    /// <summary>
    /// Not stored: the wake-up time a commit of this message computed (null: no commit, nothing to plan),
    /// read by the machine's scheduling step right after the activity.
    /// </summary>
    internal WakeUpPlan? PlannedWakeUp { get; set; }
}

/// <summary>The wake-up a thread needs after a change: at <see cref="At"/>, or none (null).</summary>
internal sealed record WakeUpPlan(DateTimeOffset? At);
