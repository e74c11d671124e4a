using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>A database transaction around some work, for the background claims and a message's write batch.</summary>
internal static class ThreadTransaction
{
    /// <summary>
    /// Commits a message's write batch on its own (<see cref="IDatabaseDialect.CommitBatch"/> on a server):
    /// one SaveChanges brings its own transaction, anything more runs in one.
    /// </summary>
    public static Task CommitAlone(DbContext db, bool singleSave, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        singleSave ? write(cancellationToken) : Run(db, () => write(cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction; on failure rolls back and forgets tracked changes.</summary>
    public static async Task Run(DbContext db, Func<Task> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await work();
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
