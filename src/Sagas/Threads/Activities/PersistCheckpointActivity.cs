using Interlude.Graph.Runtime;
using Interlude.Sagas.Telemetry;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Stores the checkpoint in the saga row and its history row in the journal, both in the message's transaction.</summary>
internal sealed class PersistCheckpointActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    public static Task Persist(ThreadSession<TMessage> session, PlanResult plan)
    {
        var checkpoint = session.Checkpoint;
        var thread = session.Thread;

        // Before serialising: the raising spans' contexts are stored with the interrupts.
        CommitTelemetry.Committing(session.Context, checkpoint, plan);
        thread.Checkpoint = checkpoint.ToJson();
        thread.RunningTasks = RunningTaskList.Of(checkpoint);
        thread.UpdatedAt = session.Now;
        return session.Journal.Record(checkpoint, thread.Checkpoint, plan, session.Audit, session.Context.CancellationToken);
    }

    protected override Task Apply(ThreadSession<TMessage> session, PlanResult plan) => Persist(session, plan);
}
