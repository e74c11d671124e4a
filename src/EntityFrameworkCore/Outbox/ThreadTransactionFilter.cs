using Interlude.Sagas.Persistence;
using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>
/// One transaction per message on the thread endpoint: the inbox row (a redelivered message is
/// skipped), the saga row and history, and the outbox rows of everything the saga sent. After
/// commit the outbox rows are delivered and deleted, so nothing leaves before the state is saved
/// and nothing is lost if the process dies (the sweeper delivers what is left).
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
        var time = provider.GetRequiredService<TimeProvider>();
        var added = new List<OutboxRow>();
        var duplicate = false;

        await ThreadTransaction.Run(
            db,
            async () =>
            {
                if (await provider.GetRequiredService<CompiledQueries>().InboxHas(db, messageId, consumer, context.CancellationToken))
                {
                    // A redelivery changes nothing. A retried request still gets its answer: the saga
                    // recognises the command by its idempotency key and answers as the first time.
                    if (!IsRequest(context))
                    {
                        duplicate = true;
                        return;
                    }
                }
                else
                {
                    db.Inbox.Add(new InboxRow { MessageId = messageId, Consumer = consumer, ReceivedAt = time.GetUtcNow() });
                }

                scope.Context.GetOrAddPayload(() => ThreadTransaction.Instance);
                var outboxContext = new ThreadOutboxContext<TMessage>(scope.Context, options, provider, db, time, added);
                await next.Send(outboxContext);
                await db.SaveChangesAsync(context.CancellationToken);
            },
            context.CancellationToken);

        if (!duplicate)
        {
            await provider.GetRequiredService<OutboxRelay>().DeliverAfterCommit(added, context.CancellationToken);
        }
    }

    private static bool IsRequest(ConsumeContext context) => context.RequestId.HasValue && context.ResponseAddress is not null;
}
