using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Sends again the tasks a lost message left unanswered.</summary>
internal sealed class RedispatchActivity(ThreadRuntime runtime) : ThreadActivity<RedispatchTasks>(runtime)
{
    protected override Task Execute(ThreadSession<RedispatchTasks> session)
    {
        var result = session.Planner.Redispatch(session.Checkpoint, session.Message.DispatchedBefore, session.Now);
        if (result.Changed)
        {
            session.Commit(result);
        }

        return Task.CompletedTask;
    }
}
