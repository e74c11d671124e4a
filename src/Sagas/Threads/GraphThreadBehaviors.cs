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

    /// <summary>
    /// Keeps the thread's one wake-up schedule at the time the activity planned: scheduled again when
    /// that time changed, unscheduled when nothing is left to wait for. No plan (nothing committed): unchanged.
    /// </summary>
    public static EventActivityBinder<GraphThreadState, T> KeepWakeUp<T>(this EventActivityBinder<GraphThreadState, T> binder, Schedule<GraphThreadState, InterruptTimeoutExpired> wakeUp)
        where T : class =>
        binder
            .If(
                c => c.Saga.PlannedWakeUp is { At: { } at } && at != c.Saga.WakeUpAt,
                b => b.Schedule(
                    wakeUp,
                    c => new InterruptTimeoutExpired { ThreadId = c.Saga.ThreadId, DueAt = c.Saga.PlannedWakeUp!.At!.Value },
                    c => c.Saga.PlannedWakeUp!.At!.Value.UtcDateTime))
            .If(c => c.Saga.PlannedWakeUp is { At: null } && c.Saga.WakeUpToken.HasValue, b => b.Unschedule(wakeUp))
            .Then(c =>
            {
                if (c.Saga.PlannedWakeUp is { } plan)
                {
                    c.Saga.WakeUpAt = plan.At;
                    c.Saga.PlannedWakeUp = null;
                }
            });
}
