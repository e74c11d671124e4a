using Interlude.Contracts;
using Interlude.Graph.Runtime;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// Answers <see cref="ListInterrupts"/> from the interrupt journal: open interrupts, oldest first, each
/// marked with whether the asker may answer it (<see cref="AnswerRule"/>); with <c>Mine</c>, only those.
/// </summary>
internal sealed class ListInterruptsConsumer(IThreadJournal journal) : IConsumer<ListInterrupts>
{
    public async Task Consume(ConsumeContext<ListInterrupts> context)
    {
        var request = context.Message;
        bool MayAnswer(PendingInterrupt i) => AnswerRule.Refusal(i.Approvers, i.FourEyes, i.StartedBy, request.By, request.Roles) is null;
        IReadOnlyList<PendingInterrupt> items = request.Status is null or "pending"
            ? await journal.Pending(request.Graph, request.GraphVersion, Math.Clamp(request.Page, 1, ListInterrupts.MaxPage), Math.Clamp(request.PageSize, 1, 1000), request.Mine ? MayAnswer : null, context.CancellationToken)
            : [];
        await context.RespondAsync(new InterruptList { Items = [.. items.Select(i => i with { MayAnswer = MayAnswer(i) })] });
    }
}
