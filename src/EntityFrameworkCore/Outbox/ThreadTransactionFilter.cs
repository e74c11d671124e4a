using Interlude.Sagas.Persistence;
using Interlude.Sagas.Telemetry;
using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>
/// One write batch per message on the thread endpoint: the inbox row (a redelivered message is
/// skipped), the saga row and history, and the outbox rows of everything the saga sent. The thread is
/// read without a transaction; its row's version makes the batch fail if another host changed it
/// meanwhile (the endpoint's retry runs the message again). After commit the message's measurements are
/// recorded (an attempt that did not commit is not counted) and the outbox rows are delivered,
/// so nothing leaves before the state is saved and nothing is lost if the process dies (the sweeper
/// delivers what is left).
/// </summary>
internal sealed class ThreadTransactionFilter<TMessage>(IConsumeScopeProvider scopes, OutboxConsumeOptions options) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    private readonly string consumer = options.ConsumerType;

    public void Probe(ProbeContext context) => context.CreateFilterScope("interlude-thread-transaction");

    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.MessageId ?? throw new MessageException(typeof(TMessage), "The thread endpoint needs a message id to record it in the inbox.");
        await using var scope = await scopes.GetScope(context);
        var provider = scope.Context.GetPayload<IServiceProvider>();
        var db = provider.GetRequiredService<InterludeDbContext>();
        var batch = provider.GetRequiredService<ThreadWriteBatch>();
        var time = provider.GetRequiredService<TimeProvider>();
        var relay = provider.GetRequiredService<OutboxRelay>();

        // The inbox row goes in the batch: a redelivery is found by its failing insert, not by a read per message.
        List<OutboxRow> sent;
        try
        {
            sent = await Handle(scope.Context, next, db, batch, time, new InboxRow { MessageId = messageId, Consumer = consumer, ReceivedAt = time.GetUtcNow() });
        }
        catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            if (!await provider.GetRequiredService<CompiledQueries>().InboxHas(db, messageId, consumer, context.CancellationToken))
            {
                throw;
            }

            // Handled before: a redelivery changes nothing. A retried request still gets its answer: the
            // saga recognises the command by its idempotency key, or as this message, and answers as the first time.
            if (!IsRequest(context))
            {
                return;
            }

            provider.GetRequiredService<EfCommandLedger>().HandledBefore();
            sent = await Handle(scope.Context, next, db, batch, time, inbox: null);
        }

        await relay.DeliverAfterCommit(sent, context.CancellationToken);
    }

    /// <summary>Runs the saga on the message and saves what it wrote in one batch; returns the outbox rows to deliver.</summary>
    private async Task<List<OutboxRow>> Handle(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next, InterludeDbContext db, ThreadWriteBatch batch, TimeProvider time, InboxRow? inbox)
    {
        batch.Begin();
        var telemetry = ThreadTransactionTelemetry.Of(context);
        telemetry?.Discard();
        if (inbox is not null)
        {
            db.Inbox.Add(inbox);
        }

        var sent = new List<OutboxRow>();
        await next.Send(new ThreadOutboxContext<TMessage>(context, options, context.GetPayload<IServiceProvider>(), db, time, sent));
        await batch.Save(context.CancellationToken);
        telemetry?.Record();
        return sent;
    }

    private static bool IsRequest(ConsumeContext context) => context.RequestId.HasValue && context.ResponseAddress is not null;
}
