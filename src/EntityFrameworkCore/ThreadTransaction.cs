using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// Marks a message whose handling already runs in a database transaction (the inbox/outbox filter's):
/// the saga repository joins it instead of starting its own.
/// </summary>
internal sealed class ThreadTransaction
{
    public static ThreadTransaction Instance { get; } = new();

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
