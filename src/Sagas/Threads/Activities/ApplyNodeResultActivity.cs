using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// Records a task's result, and the results of the chain of steps the worker ran after it, each as its
/// own checkpoint, all in this message's transaction. A late or duplicate result changes nothing.
/// </summary>
internal sealed class ApplyNodeResultActivity(ThreadRuntime runtime) : ThreadActivity<NodeExecuted>(runtime)
{
    protected override async Task Execute(ThreadSession<NodeExecuted> session)
    {
        var outcomes = session.Message.ToTaskOutcomes();
        var result = session.Planner.ApplyOutcome(session.Checkpoint, outcomes[0], session.Now);
        foreach (var next in outcomes.Skip(1))
        {
            // A chained step is the outcome of the one task the step before dispatched; anything else
            // (the thread planned differently) ends the chain here, and that task is dispatched as usual.
            if (!result.Changed || result.Dispatch is not [var task] || task.Id != next.TaskId)
            {
                break;
            }

            await session.CommitStep(result);
            result = session.Planner.ApplyOutcome(session.Checkpoint, next, session.Now);
        }

        if (result.Changed)
        {
            session.Commit(result);
        }
    }
}
