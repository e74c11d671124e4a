using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>A start for a thread that exists: a redelivery of the same start is answered as the first; any other is refused.</summary>
internal sealed class RepeatedStartActivity(ThreadRuntime runtime) : ThreadActivity<StartThread>(runtime)
{
    protected override async Task Execute(ThreadSession<StartThread> session)
    {
        if (session.Thread.FindCommand(session.KeyOf(session.Message.IdempotencyKey)) is not null)
        {
            await session.AnswerWhenSettled();
            return;
        }

        await session.Refuse(new CommandRejected
        {
            ThreadId = session.Message.ThreadId,
            Command = nameof(StartThread),
            Reason = RejectionReasons.ThreadExists,
            Message = $"Thread '{session.Message.ThreadId}' already exists.",
        });
    }
}
