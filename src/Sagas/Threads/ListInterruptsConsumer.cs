using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>Answers <see cref="ListInterrupts"/> from the interrupt journal: open interrupts, oldest first.</summary>
internal sealed class ListInterruptsConsumer(IThreadJournal journal) : IConsumer<ListInterrupts>
{
    public async Task Consume(ConsumeContext<ListInterrupts> context)
    {
        var request = context.Message;
        IReadOnlyList<PendingInterrupt> items = request.Status is null or "pending"
            ? await journal.Pending(request.Graph, Math.Clamp(request.Page, 1, ListInterrupts.MaxPage), Math.Clamp(request.PageSize, 1, 1000), context.CancellationToken)
            : [];
        await context.RespondAsync(new InterruptList { Items = items });
    }
}
