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

    public Event<StartThread> StartRequested { get; private set; } = null!;

    public Event<NodeExecuted> NodeFinished { get; private set; } = null!;

    public Event<Fault<ExecuteNode>> NodeFaulted { get; private set; } = null!;

    public Event<RedispatchTasks> RedispatchRequested { get; private set; } = null!;

    public Event<ResumeRequested> ResumeReceived { get; private set; } = null!;

    public Event<UpdateThreadState> UpdateReceived { get; private set; } = null!;

    public Event<CancelThread> CancelReceived { get; private set; } = null!;

    public Event<ReplayThread> ReplayReceived { get; private set; } = null!;

    public Event<ExtendInterruptDeadline> ExtendReceived { get; private set; } = null!;

    public Event<GetThreadState> StateRequested { get; private set; } = null!;

    /// <summary>The thread's one wake-up, at its earliest open deadline or reminder (token in <see cref="GraphThreadState.WakeUpToken"/>).</summary>
    public Schedule<GraphThreadState, InterruptTimeoutExpired> WakeUp { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State Interrupted { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;
}
