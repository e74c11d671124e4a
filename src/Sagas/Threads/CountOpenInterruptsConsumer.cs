using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// Answers <see cref="CountOpenInterrupts"/> from the interrupt journal, so the processes that serve the
/// API report the open interrupts from the one table every worker shares, and report the same.
/// </summary>
internal sealed class CountOpenInterruptsConsumer(IThreadJournal journal) : IConsumer<CountOpenInterrupts>
{
    public async Task Consume(ConsumeContext<CountOpenInterrupts> context) =>
        await context.RespondAsync(new OpenInterruptCounts { Items = await journal.OpenCounts(context.CancellationToken) });
}
