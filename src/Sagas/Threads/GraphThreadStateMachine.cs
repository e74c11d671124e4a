using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// A thread of a graph. The machine moves messages, persists and asks the planner what happens next;
/// nodes run in consumers, never here. A thread is never finalized: its row is its checkpoint, readable
/// after it completes, fails or is cancelled. Only a start that creates nothing ends in Final.
/// </summary>
public sealed class GraphThreadStateMachine : MassTransitStateMachine<GraphThreadState>
{
    /// <summary>Declares the thread's events, wake-up schedule and transitions over the host's graphs and clock.</summary>
    public GraphThreadStateMachine(ThreadRuntime runtime)
    {
        Event(() => StartRequested, e => e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId)));
        Event(() => NodeFinished, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => NodeFaulted, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.Message.ThreadId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => RedispatchRequested, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => ResumeReceived, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.ExecuteAsync(c => ThreadMissing.Refuse(c, new ResumeRejected
            {
                ThreadId = c.Message.ThreadId,
                Reason = RejectionReasons.ThreadNotFound,
                Message = $"Thread '{c.Message.ThreadId}' does not exist.",
            })));
        });
        Event(() => UpdateReceived, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.ExecuteAsync(c => ThreadMissing.Refuse(c, ThreadMissing.CommandRejected(c.Message.ThreadId, nameof(UpdateThreadState)))));
        });
        Event(() => CancelReceived, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.ExecuteAsync(c => ThreadMissing.Refuse(c, ThreadMissing.CommandRejected(c.Message.ThreadId, nameof(CancelThread)))));
        });
        Event(() => ReplayReceived, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.ExecuteAsync(c => ThreadMissing.Refuse(c, ThreadMissing.CommandRejected(c.Message.ThreadId, nameof(ReplayThread)))));
        });
        Event(() => ExtendReceived, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.ExecuteAsync(c => ThreadMissing.Refuse(c, ThreadMissing.CommandRejected(c.Message.ThreadId, nameof(ExtendInterruptDeadline)))));
        });
        Event(() => StateRequested, e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.ReadOnly = true;
            e.OnMissingInstance(m => m.ExecuteAsync(c => c.RespondAsync(new ThreadNotFound { ThreadId = c.Message.ThreadId })));
        });

        Schedule(() => WakeUp, x => x.WakeUpToken, s => s.Received = e =>
        {
            e.CorrelateById(c => ThreadIdentity.ToGuid(c.Message.ThreadId));
            e.OnMissingInstance(m => m.Discard());
        });

        InstanceState(x => x.CurrentState);
        SetCompletedWhenFinalized();

        Initially(
            When(StartRequested).StartThread(runtime).KeepWakeUp(WakeUp));

        During(Running,
            When(NodeFinished).ApplyNodeResult(runtime).KeepWakeUp(WakeUp),
            When(NodeFaulted).FailNode(runtime).KeepWakeUp(WakeUp),
            When(RedispatchRequested).RedispatchStaleTasks(runtime));

        During([Running, Interrupted, Completed, Failed, Cancelled],
            When(ResumeReceived).Resume(runtime).KeepWakeUp(WakeUp),
            When(UpdateReceived).UpdateState(runtime).KeepWakeUp(WakeUp),
            When(CancelReceived).Cancel(runtime).KeepWakeUp(WakeUp),
            When(ReplayReceived).Replay(runtime).KeepWakeUp(WakeUp),
            When(ExtendReceived).ExtendDeadline(runtime).KeepWakeUp(WakeUp),
            When(WakeUp.Received).ExpireDueInterrupts(runtime).KeepWakeUp(WakeUp));

        During(Interrupted, Completed, Failed, Cancelled,
            Ignore(NodeFinished),
            Ignore(NodeFaulted),
            Ignore(RedispatchRequested));

        DuringAny(
            When(StartRequested).AnswerRepeatedStart(runtime),
            When(StateRequested).RespondWithSnapshot(runtime));
    }

    /// <summary>A <see cref="StartThread"/>: creates the thread; a repeat for an existing thread is answered, never applied twice.</summary>
    public Event<StartThread> StartRequested { get; private set; } = null!;

    /// <summary>A worker's answer for one task of the step in flight (completed, interrupted or failed); handled while <see cref="Running"/>.</summary>
    public Event<NodeExecuted> NodeFinished { get; private set; } = null!;

    /// <summary>An <see cref="ExecuteNode"/> that faulted in its consumer: the task fails; handled while <see cref="Running"/>.</summary>
    public Event<Fault<ExecuteNode>> NodeFaulted { get; private set; } = null!;

    /// <summary>Recovery's <see cref="RedispatchTasks"/>: sends again the tasks dispatched but never answered; handled while <see cref="Running"/>.</summary>
    public Event<RedispatchTasks> RedispatchRequested { get; private set; } = null!;

    /// <summary>A <see cref="ResumeRequested"/>: answers open interrupts, or is refused with <see cref="ResumeRejected"/>.</summary>
    public Event<ResumeRequested> ResumeReceived { get; private set; } = null!;

    /// <summary>An <see cref="UpdateThreadState"/>: writes values through the reducers as a new checkpoint (source <c>update</c>).</summary>
    public Event<UpdateThreadState> UpdateReceived { get; private set; } = null!;

    /// <summary>A <see cref="CancelThread"/>: cancels the thread and resolves its open interrupts as cancelled.</summary>
    public Event<CancelThread> CancelReceived { get; private set; } = null!;

    /// <summary>A <see cref="ReplayThread"/>: forks the thread from an earlier checkpoint (source <c>fork</c>).</summary>
    public Event<ReplayThread> ReplayReceived { get; private set; } = null!;

    /// <summary>An <see cref="ExtendInterruptDeadline"/>: moves an open interrupt's deadline and re-plans the wake-up.</summary>
    public Event<ExtendInterruptDeadline> ExtendReceived { get; private set; } = null!;

    /// <summary>A <see cref="GetThreadState"/> request: answered with the thread's snapshot, read-only, in any state.</summary>
    public Event<GetThreadState> StateRequested { get; private set; } = null!;

    /// <summary>The thread's one wake-up, at its earliest open deadline or reminder (token in <see cref="GraphThreadState.WakeUpToken"/>).</summary>
    public Schedule<GraphThreadState, InterruptTimeoutExpired> WakeUp { get; private set; } = null!;

    /// <summary>A step is in flight: its tasks are dispatched and the thread waits for their answers.</summary>
    public State Running { get; private set; } = null!;

    /// <summary>Paused on open interrupts (during a node, or a breakpoint before or after one) until a resume, update, timeout or cancel.</summary>
    public State Interrupted { get; private set; } = null!;

    /// <summary>Ended with no next node; the row stays readable and can be replayed from an earlier checkpoint.</summary>
    public State Completed { get; private set; } = null!;

    /// <summary>Ended by a failed task (its error is in the checkpoint); the row stays readable and can be replayed.</summary>
    public State Failed { get; private set; } = null!;

    /// <summary>Ended by a <see cref="CancelThread"/> or an expired breakpoint (reason <c>timeout</c>); the row stays readable and can be replayed.</summary>
    public State Cancelled { get; private set; } = null!;
}
