using Interlude.Contracts;
using Interlude.Sagas.Threads.Activities;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>The thread saga's behaviours, named so the transition table reads like prose.</summary>
internal static class GraphThreadBehaviors
{
    public static EventActivityBinder<GraphThreadState, StartThread> StartThread(this EventActivityBinder<GraphThreadState, StartThread> binder, ThreadRuntime runtime) =>
        binder.Add(new StartThreadActivity(runtime));

    public static EventActivityBinder<GraphThreadState, StartThread> AnswerRepeatedStart(this EventActivityBinder<GraphThreadState, StartThread> binder, ThreadRuntime runtime) =>
        binder.Add(new RepeatedStartActivity(runtime));

    public static EventActivityBinder<GraphThreadState, NodeExecuted> ApplyNodeResult(this EventActivityBinder<GraphThreadState, NodeExecuted> binder, ThreadRuntime runtime) =>
        binder.Add(new ApplyNodeResultActivity(runtime));

    public static EventActivityBinder<GraphThreadState, Fault<ExecuteNode>> FailNode(this EventActivityBinder<GraphThreadState, Fault<ExecuteNode>> binder, ThreadRuntime runtime) =>
        binder.Add(new FailNodeActivity(runtime));

    public static EventActivityBinder<GraphThreadState, ResumeRequested> Resume(this EventActivityBinder<GraphThreadState, ResumeRequested> binder, ThreadRuntime runtime) =>
        binder.Add(new ResumeActivity(runtime));

    public static EventActivityBinder<GraphThreadState, UpdateThreadState> UpdateState(this EventActivityBinder<GraphThreadState, UpdateThreadState> binder, ThreadRuntime runtime) =>
        binder.Add(new UpdateStateActivity(runtime));

    public static EventActivityBinder<GraphThreadState, CancelThread> Cancel(this EventActivityBinder<GraphThreadState, CancelThread> binder, ThreadRuntime runtime) =>
        binder.Add(new CancelThreadActivity(runtime));

    public static EventActivityBinder<GraphThreadState, ReplayThread> Replay(this EventActivityBinder<GraphThreadState, ReplayThread> binder, ThreadRuntime runtime) =>
        binder.Add(new ReplayActivity(runtime));

    public static EventActivityBinder<GraphThreadState, RedispatchTasks> RedispatchStaleTasks(this EventActivityBinder<GraphThreadState, RedispatchTasks> binder, ThreadRuntime runtime) =>
        binder.Add(new RedispatchActivity(runtime));

    public static EventActivityBinder<GraphThreadState, GetThreadState> RespondWithSnapshot(this EventActivityBinder<GraphThreadState, GetThreadState> binder, ThreadRuntime runtime) =>
        binder.Add(new RespondWithSnapshotActivity(runtime));

    public static EventActivityBinder<GraphThreadState, ExtendInterruptDeadline> ExtendDeadline(this EventActivityBinder<GraphThreadState, ExtendInterruptDeadline> binder, ThreadRuntime runtime) =>
        binder.Add(new ExtendDeadlineActivity(runtime));

    public static EventActivityBinder<GraphThreadState, InterruptTimeoutExpired> ExpireDueInterrupts(this EventActivityBinder<GraphThreadState, InterruptTimeoutExpired> binder, ThreadRuntime runtime) =>
        binder.Add(new WakeUpActivity(runtime));

    /// <summary>Stores the committed checkpoint in the saga row and its history row in the journal.</summary>
    public static EventActivityBinder<GraphThreadState, T> PersistCheckpoint<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new PersistCheckpointActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> PublishInterruptsResolved<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new PublishInterruptsResolvedActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> PublishStepsCompleted<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new PublishStepsCompletedActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> PublishRemindersDue<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new PublishRemindersDueActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> PublishInterruptsRaised<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new PublishInterruptsRaisedActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> DispatchTasks<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new DispatchTasksActivity<T>());

    public static EventActivityBinder<GraphThreadState, T> AnswerWaiters<T>(this EventActivityBinder<GraphThreadState, T> binder)
        where T : class => binder.Add(new AnswerWaitersActivity<T>());

    public static EventActivityBinder<GraphThreadState> PublishThreadCompleted(this EventActivityBinder<GraphThreadState> binder) =>
        binder.Publish(c => ThreadEndings.Completed(ThreadSession.Of(c).Checkpoint));

    public static EventActivityBinder<GraphThreadState> PublishThreadFailed(this EventActivityBinder<GraphThreadState> binder) =>
        binder.Publish(c => ThreadEndings.Failed(ThreadSession.Of(c).Checkpoint));

    public static EventActivityBinder<GraphThreadState> PublishThreadCancelled(this EventActivityBinder<GraphThreadState> binder) =>
        binder.Publish(c => ThreadEndings.Cancelled(ThreadSession.Of(c).Checkpoint));

    /// <summary>
    /// Keeps the thread's one wake-up schedule at the time the checkpoint needs now: scheduled again when
    /// that time changed, unscheduled when nothing is left to wait for. The machine runs it only after an
    /// activity committed, or when a wake-up found nothing due.
    /// </summary>
    public static EventActivityBinder<GraphThreadState, T> RescheduleWakeUp<T>(this EventActivityBinder<GraphThreadState, T> binder, Schedule<GraphThreadState, InterruptTimeoutExpired> wakeUp)
        where T : class =>
        binder
            .If(
                c => ThreadSession.Of(c).NextWakeUp is { } at && at != c.Saga.WakeUpAt,
                b => b.Schedule(
                    wakeUp,
                    c => new InterruptTimeoutExpired { ThreadId = c.Saga.ThreadId, DueAt = ThreadSession.Of(c).NextWakeUp!.Value },
                    c => ThreadSession.Of(c).NextWakeUp!.Value.UtcDateTime))
            .If(c => ThreadSession.Of(c).NextWakeUp is null && c.Saga.WakeUpToken.HasValue, b => b.Unschedule(wakeUp))
            .Then(c => c.Saga.WakeUpAt = ThreadSession.Of(c).NextWakeUp);
}
