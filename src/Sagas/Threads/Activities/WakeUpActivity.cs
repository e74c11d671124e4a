using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// The thread's wake-up fired: reminders that fell due go out, due interrupts are resolved with their
/// timeout values (a due breakpoint cancels the thread). Nothing due (the thread runs, or another
/// host's clock ran ahead): nothing is committed, and the machine plans the next wake-up again.
/// </summary>
internal sealed class WakeUpActivity(ThreadRuntime runtime) : ThreadActivity<InterruptTimeoutExpired>(runtime)
{
    protected override Task Execute(ThreadSession<InterruptTimeoutExpired> session)
    {
        // The schedule that fired is spent; whatever is planned next needs a new one.
        session.Thread.WakeUpAt = null;
        var result = session.Planner.Expire(session.Checkpoint, session.Now);
        if (result.Changed)
        {
            session.Commit(result);
        }

        return Task.CompletedTask;
    }
}
