using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>A database transaction around some work, for the background claims and a message's write batch.</summary>
internal static class ThreadTransaction
{
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
