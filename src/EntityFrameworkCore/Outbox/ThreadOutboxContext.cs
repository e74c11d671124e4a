using Interlude.Sagas.Persistence.Outbox;
using Interlude.Sagas.Persistence;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>
/// The consume context the saga sees inside <see cref="ThreadTransactionFilter{TMessage}"/>: every send,
/// publish, response and scheduled send becomes an outbox row in the saga's transaction.
/// </summary>
internal sealed class ThreadOutboxContext<TMessage>(
    ConsumeContext<TMessage> context,
    OutboxConsumeOptions options,
    IServiceProvider provider,
    InterludeDbContext db,
    TimeProvider time,
    List<OutboxRow> added)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    public override bool ContinueProcessing { get; set; }

    // The filter runs the saga once per transaction and delivers right after commit, so the
    // multi-pass delivery protocol of MassTransit's own outbox is not used.
    public override bool IsMessageConsumed => false;

    public override bool IsOutboxDelivered => false;

    public override int ReceiveCount => 0;

    public override long? LastSequenceNumber => null;

    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        var row = StoredMessages.Capture<OutboxRow, T>(context, time.GetUtcNow());
        lock (added)
        {
            added.Add(row);
            db.Outbox.Add(row);
        }

        return Task.CompletedTask;
    }
}
