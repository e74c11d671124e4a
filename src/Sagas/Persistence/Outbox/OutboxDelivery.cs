using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>
/// Sends stored messages on the bus as they were captured: outbox rows and due scheduled messages. A row
/// sent twice (a crash between send and delete) is harmless: every consumer of Interlude's messages
/// tolerates duplicates.
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

    /// <summary>Sends one stored message as it was captured (ids, headers, body), through MassTransit's outbox send pipe.</summary>
    public async Task Send(StoredMessageRow row, CancellationToken cancellationToken)
    {
        var destination = new Uri(row.DestinationAddress);
        var endpoint = await bus.GetSendEndpoint(destination);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(new StoredMessage(row), destination), cancellationToken);
    }
}
