using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>Answers <see cref="GetThreadHistory"/>: the thread's checkpoints newest first, or <see cref="ThreadNotFound"/>.</summary>
internal sealed class GetThreadHistoryConsumer(IThreadJournal journal) : IConsumer<GetThreadHistory>
{
    public async Task Consume(ConsumeContext<GetThreadHistory> context)
    {
        var history = await journal.History(context.Message.ThreadId, context.CancellationToken);
        if (history.Count == 0)
        {
            await context.RespondAsync(new ThreadNotFound { ThreadId = context.Message.ThreadId });
            return;
        }

        await context.RespondAsync(new ThreadHistory { ThreadId = context.Message.ThreadId, Items = [.. history.Select(c => c.ToSnapshot())] });
    }
}
