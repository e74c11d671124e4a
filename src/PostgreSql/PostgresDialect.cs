using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Interlude.PostgreSql;

/// <summary>
/// PostgreSQL: claims skip rows another host holds (<c>FOR UPDATE SKIP LOCKED</c>), and an advisory
/// lock lets one of several starting hosts migrate while the others wait, then find nothing to apply.
/// </summary>
internal sealed class PostgresDialect(string? schema) : IDatabaseDialect
{
    /// <summary>An arbitrary constant naming Interlude's migration lock among advisory locks.</summary>
    private const long MigrationLockKey = 0x496e746572_6c7564;

    public IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size) =>
        db.Outbox.FromSqlInterpolated(
            $"SELECT * FROM outbox_messages WHERE created_at < {cutoff} ORDER BY sequence_number LIMIT {size} FOR UPDATE SKIP LOCKED");

    public IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size) =>
        db.ScheduledMessages.FromSqlInterpolated(
            $"SELECT * FROM scheduled_messages WHERE due_at <= {now} ORDER BY due_at LIMIT {size} FOR UPDATE SKIP LOCKED");

    public Task CommitBatch(InterludeDbContext db, BatchShape shape, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        shape.SingleSave
            ? PostgresImplicitBatch.Save(db, shape.UpdatedThread, write, cancellationToken)
            : ThreadTransaction.Run(db, () => write(cancellationToken), cancellationToken);

    public async Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            if (!string.IsNullOrEmpty(schema))
            {
                // The schema's name was validated as letters, digits and '_' (InterludeOptions).
#pragma warning disable EF1002 // Not user input: a configured identifier, checked at start-up.
                await db.Database.ExecuteSqlRawAsync($"CREATE SCHEMA IF NOT EXISTS \"{schema}\"", cancellationToken);
#pragma warning restore EF1002
            }

            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Closing the connection returns it to the pool, where a session lock would outlive us: unlock first.
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }
}
