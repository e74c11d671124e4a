using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Records a task's result; a late or duplicate result changes nothing.</summary>
internal sealed class ApplyNodeResultActivity(ThreadRuntime runtime) : ThreadActivity<NodeExecuted>(runtime)
{
    protected override async Task Execute(ThreadSession<NodeExecuted> session)
    {
        var result = session.Planner.ApplyOutcome(session.Checkpoint, session.Message.ToTaskOutcome(), session.Now);
        if (result.Changed)
        {
            await session.Commit(result);
        }
    }
}
