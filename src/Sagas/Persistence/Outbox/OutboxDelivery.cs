using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>
/// Sends stored messages on the bus: outbox rows and due scheduled messages. A row that cannot be sent
/// stays for the sweeper; a row sent twice (a crash between send and delete) is harmless: every
/// consumer of Interlude's messages tolerates duplicates.
/// </summary>
public sealed class OutboxDelivery(IBus bus, DeliveredOutboxRows delivered)
{
    /// <summary>Sends <paramref name="rows"/> in order and deletes them in the caller's transaction (the sweeper).</summary>
    public async Task Deliver(InterludeDbContext db, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await Send(rows, cancellationToken);
        var sequenceNumbers = rows.Select(r => r.SequenceNumber).ToList();
        await db.Outbox.Where(o => sequenceNumbers.Contains(o.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="rows"/> right after their transaction committed and leaves their deletion to
    /// <see cref="OutboxCleaner"/>, which batches it: a second commit per message would cost as much as the first.
    /// </summary>
    public async Task DeliverAfterCommit(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        await Send(rows, cancellationToken);
        delivered.Add(rows.Select(r => r.SequenceNumber));
    }

    private async Task Send(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
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
