using Interlude.Client;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>
/// Sends stored messages on the bus as they were captured: outbox rows and due scheduled messages. A row
/// sent twice (a crash between send and delete) keeps its message id, so it is harmless: every consumer
/// of Interlude's messages tolerates duplicates.
/// </summary>
internal sealed class OutboxDelivery(IBus bus)
{
    /// <summary>Sends <paramref name="rows"/> in order.</summary>
    public async Task Send(IEnumerable<StoredMessageRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await Send(row, cancellationToken);
        }
    }

    /// <summary>Sends rows the sweeper found left behind, in order, each marked <see cref="InterludeHeaders.Resent"/>: it may have been sent before.</summary>
    public async Task Resend(IEnumerable<StoredMessageRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await Send(row, new ResentPipe(Pipe(row)), cancellationToken);
        }
    }

    /// <summary>Sends one stored message as it was captured (ids, headers, body), through MassTransit's outbox send pipe.</summary>
    public Task Send(StoredMessageRow row, CancellationToken cancellationToken) => Send(row, Pipe(row), cancellationToken);

    private static OutboxMessageSendPipe Pipe(StoredMessageRow row) => new(new StoredMessage(row), new Uri(row.DestinationAddress));

    private async Task Send(StoredMessageRow row, IPipe<SendContext> pipe, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(new Uri(row.DestinationAddress));
        await endpoint.Send(new SerializedMessageBody(), pipe, cancellationToken);
    }

    /// <summary>Adds the <see cref="InterludeHeaders.Resent"/> header after the stored message's own ids and headers are set.</summary>
    private sealed class ResentPipe(IPipe<SendContext> stored) : IPipe<SendContext>
    {
        public async Task Send(SendContext context)
        {
            await stored.Send(context);
            context.Headers.Set(InterludeHeaders.Resent, true);
        }

        public void Probe(ProbeContext context) => stored.Probe(context);
    }
}
