using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>Answers <see cref="GetThreadAudit"/>: a page of the thread's audit, oldest first, or <see cref="ThreadNotFound"/>.</summary>
internal sealed class GetThreadAuditConsumer(IThreadJournal journal) : IConsumer<GetThreadAudit>
{
    public async Task Consume(ConsumeContext<GetThreadAudit> context)
    {
        var request = context.Message;
        var items = await journal.Audit(request.ThreadId, Math.Max(1, request.Page), Math.Clamp(request.PageSize, 1, 1000), context.CancellationToken);

        // An empty page is a thread's past its end, or one written before the audit: only a thread with no history does not exist.
        if (items.Count == 0 && (await journal.History(request.ThreadId, context.CancellationToken)).Count == 0)
        {
            await context.RespondAsync(new ThreadNotFound { ThreadId = request.ThreadId });
            return;
        }

        await context.RespondAsync(new ThreadAudit { ThreadId = request.ThreadId, Items = items });
    }
}
