using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>Sends stored outbox rows on the bus, then deletes them.</summary>
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
            var destination = new Uri(row.DestinationAddress);
            var endpoint = await bus.GetSendEndpoint(destination);
            await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(new StoredMessage(row), destination), cancellationToken);
        }

        var sequenceNumbers = rows.Select(r => r.SequenceNumber).ToList();
        await db.Outbox.Where(o => sequenceNumbers.Contains(o.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
    }
}
