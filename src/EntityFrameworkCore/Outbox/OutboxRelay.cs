using Interlude.Sagas.Persistence;
using Interlude.Sagas.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>Delivers committed outbox rows and deletes them: right after commit (deletion batched) or in the sweeper's transaction.</summary>
internal sealed class OutboxRelay(OutboxDelivery delivery, DeliveredOutboxRows delivered)
{
    /// <summary>Sends <paramref name="rows"/> again, in order and marked resent, and deletes them in the caller's transaction (the sweeper).</summary>
    public async Task Deliver(InterludeDbContext db, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await delivery.Resend(rows, cancellationToken);
        var sequenceNumbers = rows.Select(r => r.SequenceNumber).ToList();
        await db.Outbox.Where(o => sequenceNumbers.Contains(o.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="rows"/> right after their transaction committed and leaves their deletion to
    /// <see cref="OutboxCleaner"/>, which batches it: a second commit per message would cost as much as the first.
    /// </summary>
    public async Task DeliverAfterCommit(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        await delivery.Send(rows, cancellationToken);
        delivered.Add(rows.Select(r => r.SequenceNumber));
    }
}
