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
}
