using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// Answers <see cref="ListInterrupts"/> from the interrupt journal: open interrupts, oldest first, each
/// marked with whether the asker may answer it (<see cref="Graph.Runtime.AnswerRule"/>); with <c>Mine</c>, only those.
/// </summary>
internal sealed class ListInterruptsConsumer(IThreadJournal journal) : IConsumer<ListInterrupts>
{
    public async Task Consume(ConsumeContext<ListInterrupts> context)
    {
        var request = context.Message;
        var caller = new InboxCaller(request.By, request.Roles ?? []);
        IReadOnlyList<PendingInterrupt> items = request.Status is null or "pending"
            ? await journal.Pending(request.Graph, request.GraphVersion, Math.Clamp(request.Page, 1, ListInterrupts.MaxPage), Math.Clamp(request.PageSize, 1, 1000), request.Mine ? caller : null, context.CancellationToken)
            : [];
        await context.RespondAsync(new InterruptList { Items = [.. items.Select(i => i with { MayAnswer = caller.MayAnswer(i) })] });
    }
}
