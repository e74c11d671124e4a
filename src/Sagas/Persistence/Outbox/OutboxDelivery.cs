using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>Sends stored messages on the bus: outbox rows (then deletes them) and due scheduled messages.</summary>
public sealed class OutboxDelivery(IBus bus)
{
    /// <summary>
    /// Delivers <paramref name="rows"/> in order and removes them. A row that cannot be sent stays for
    /// the sweeper; a row sent twice (a crash between send and delete) is harmless: every consumer
    /// of Interlude's messages tolerates duplicates.
    /// </summary>
    public async Task Deliver(InterludeDbContext db, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            await Send(row, cancellationToken);
        }

        var sequenceNumbers = rows.Select(r => r.SequenceNumber).ToList();
        await db.Outbox.Where(o => sequenceNumbers.Contains(o.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Sends one stored message as it was captured (ids, headers, body), through MassTransit's outbox send pipe.</summary>
    public async Task Send(StoredMessageRow row, CancellationToken cancellationToken)
    {
        var destination = new Uri(row.DestinationAddress);
        var endpoint = await bus.GetSendEndpoint(destination);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(new StoredMessage(row), destination), cancellationToken);
    }
}
