using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// A start for a thread that exists: a repeat of the start that created it (same key and content, or the same
/// message) is answered as the first; the key with other content is refused as reused; any other start is refused.
/// </summary>
internal sealed class RepeatedStartActivity(ThreadRuntime runtime) : ThreadActivity<StartThread>(runtime)
{
    protected override async Task Execute(ThreadSession<StartThread> session)
    {
        var recall = await session.Recall();
        if (recall.Seen is not null && recall.Refusal is null)
        {
            await session.AnswerWhenSettled();
            return;
        }

        await session.Refuse(new CommandRejected
        {
            ThreadId = session.Message.ThreadId,
            Command = nameof(StartThread),
            Reason = recall.Refusal?.Reason ?? RejectionReasons.ThreadExists,
            Message = recall.Refusal?.Message ?? $"Thread '{session.Message.ThreadId}' already exists.",
        });
    }
}
