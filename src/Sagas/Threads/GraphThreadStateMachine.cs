using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads.Activities;
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
            When(StartRequested).StartThread(runtime).IfElse(Committed, Commit, refused => refused.Finalize()));

        During(Running,
            When(NodeFinished).ApplyNodeResult(runtime).If(Committed, Commit),
            When(NodeFaulted).FailNode(runtime).If(Committed, Commit),
            When(RedispatchRequested).RedispatchStaleTasks(runtime).If(Committed, Commit));

        During([Running, Interrupted, Completed, Failed, Cancelled],
            When(ResumeReceived).Resume(runtime).If(Committed, Commit),
            When(UpdateReceived).UpdateState(runtime).If(Committed, Commit),
            When(CancelReceived).Cancel(runtime).If(Committed, Commit),
            When(ReplayReceived).Replay(runtime).If(Committed, Commit),
            When(ExtendReceived).ExtendDeadline(runtime).If(Committed, Commit),
            When(WakeUp.Received).ExpireDueInterrupts(runtime).IfElse(Committed, Commit, unchanged => unchanged.RescheduleWakeUp(WakeUp)));

        During(Interrupted, Completed, Failed, Cancelled,
            Ignore(NodeFinished),
            Ignore(NodeFaulted),
            Ignore(RedispatchRequested));

        DuringAny(
            When(StartRequested).AnswerRepeatedStart(runtime),
            When(StateRequested).RespondWithSnapshot(runtime));

        // Only a change of state ends a thread: a command on an ended thread that leaves it ended says nothing again.
        WhenEnter(Completed, x => x.PublishThreadCompleted());
        WhenEnter(Failed, x => x.PublishThreadFailed());
        WhenEnter(Cancelled, x => x.PublishThreadCancelled());
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

    /// <summary>The state of each of the planner's verdicts: the checkpoint's status once a plan is committed.</summary>
    private State StateOf(ThreadStatus status) => status switch
    {
        ThreadStatus.Running => Running,
        ThreadStatus.Interrupted => Interrupted,
        ThreadStatus.Completed => Completed,
        ThreadStatus.Failed => Failed,
        ThreadStatus.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a thread status."),
    };

    /// <summary>Whether the message's activity committed a plan (else the checkpoint, and so the state, is unchanged).</summary>
    private static bool Committed<T>(BehaviorContext<GraphThreadState, T> context)
        where T : class => ThreadSession.Of(context).Plan is not null;

    /// <summary>Whether the planner's verdict leads to <paramref name="state"/>.</summary>
    private StateMachineCondition<GraphThreadState, T> VerdictIs<T>(State state)
        where T : class => context => StateOf(ThreadSession.Of(context).Checkpoint.Status).Equals(state);

    /// <summary>
    /// Carries out a committed plan, in order: the checkpoint and its history row, what happened, the tasks
    /// to run; then the verdict picks the state (entering an end state publishes the ending), the requests
    /// waiting for a pause or an end are answered, and the wake-up follows the checkpoint.
    /// </summary>
    private EventActivityBinder<GraphThreadState, T> Commit<T>(EventActivityBinder<GraphThreadState, T> binder)
        where T : class =>
        binder
            .PersistCheckpoint()
            .PublishInterruptsResolved()
            .PublishStepsCompleted()
            .PublishRemindersDue()
            .PublishInterruptsRaised()
            .DispatchTasks()
            .If(VerdictIs<T>(Running), running => running.TransitionTo(Running))
            .If(VerdictIs<T>(Interrupted), paused => paused.TransitionTo(Interrupted).AnswerWaiters())
            .If(VerdictIs<T>(Completed), ended => ended.TransitionTo(Completed).AnswerWaiters())
            .If(VerdictIs<T>(Failed), ended => ended.TransitionTo(Failed).AnswerWaiters())
            .If(VerdictIs<T>(Cancelled), ended => ended.TransitionTo(Cancelled).AnswerWaiters())
            .RescheduleWakeUp(WakeUp);
}
