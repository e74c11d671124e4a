using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// Scheduled messages as rows of <c>scheduled_messages</c>, on the message's scoped DbContext: a
/// schedule made by the saga is saved with the saga row, in the message's <see cref="ThreadWriteBatch"/>.
/// </summary>
internal sealed class EfScheduledMessageStore(InterludeDbContext db, IDatabaseDialect dialect, ThreadWriteBatch batch) : IScheduledMessageStore
{
    public async Task Add(ScheduledMessageRow row, CancellationToken cancellationToken)
    {
        db.ScheduledMessages.Add(row);
        if (!batch.Open)
        {
            // Scheduled outside a message (no batch will save it).
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task Cancel(Guid tokenId, CancellationToken cancellationToken)
    {
        var pending = db.ScheduledMessages.Local.FirstOrDefault(s => s.TokenId == tokenId);
        if (pending is not null)
        {
            db.Entry(pending).State = EntityState.Detached;
        }

        // By condition, not as a tracked delete: the message may have been sent (and its row deleted) already.
        if (batch.Open)
        {
            batch.Add((context, token) => Delete(context, tokenId, token));
        }
        else
        {
            await Delete(db, tokenId, cancellationToken);
        }
    }

    private static Task<int> Delete(InterludeDbContext db, Guid tokenId, CancellationToken cancellationToken) =>
        db.ScheduledMessages.Where(s => s.TokenId == tokenId).ExecuteDeleteAsync(cancellationToken);

    public Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken) =>
        db.ScheduledMessages.AsNoTracking().OrderBy(s => s.DueAt).Select(s => (DateTimeOffset?)s.DueAt).FirstOrDefaultAsync(cancellationToken);

    public Task<int> CountWaiting(CancellationToken cancellationToken) => db.ScheduledMessages.CountAsync(cancellationToken);

    public async Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken)
    {
        var count = 0;
        await ThreadTransaction.Run(
            db,
            async () =>
            {
                var due = await dialect.ClaimDueScheduledMessages(db, now, batchSize).AsNoTracking().ToListAsync(cancellationToken);
                var tokens = due.Select(s => s.TokenId).ToList();

                // Claimed rows are deleted before they are sent, in the claiming transaction. A crash
                // after sending rolls back and sends again later; the thread's inbox drops the copy
                // by its message id.
                await db.ScheduledMessages.Where(s => tokens.Contains(s.TokenId)).ExecuteDeleteAsync(cancellationToken);
                foreach (var row in due)
                {
                    await send(row);
                }

                count = due.Count;
            },
            cancellationToken);
        return count;
    }
}
