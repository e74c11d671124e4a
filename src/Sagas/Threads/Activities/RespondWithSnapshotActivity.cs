using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Answers <see cref="GetThreadState"/> with the thread's snapshot.</summary>
internal sealed class RespondWithSnapshotActivity(ThreadRuntime runtime) : ThreadActivity<GetThreadState>(runtime)
{
    protected override Task Execute(ThreadSession<GetThreadState> session) =>
        session.Context.RespondAsync(session.Checkpoint.ToSnapshot());
}
