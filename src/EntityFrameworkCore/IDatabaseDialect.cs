using System.Data.Common;
using Interlude.Sagas.Persistence;

namespace Interlude.EntityFrameworkCore;

/// <summary>What differs between databases beyond EF Core's provider: row claims, how a message's batch commits, and how migrations are serialised between hosts.</summary>
internal interface IDatabaseDialect
{
    /// <summary>The oldest outbox rows created before <paramref name="cutoff"/>, claimed for this transaction (rows another host claimed are skipped).</summary>
    IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size);

    /// <summary>The scheduled messages due at <paramref name="now"/>, earliest first, claimed for this transaction, so each is sent by one host.</summary>
    IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size);

    /// <summary>
    /// Commits a thread message's write batch: <paramref name="write"/> runs its statements and saves the
    /// changes of the context it is given; <paramref name="shape"/> says what it holds. SQLite commits the
    /// batches of concurrent messages together, in one transaction with a savepoint each; PostgreSQL sends
    /// a single SaveChanges with its commit in one round trip.
    /// </summary>
    Task CommitBatch(InterludeDbContext db, BatchShape shape, Func<CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>Creates the schema or upgrades it to the latest migration, safe when several hosts start together.</summary>
    Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken);

    /// <summary>Whether retrying may succeed with nothing changed (the server unreachable or restarting, a deadlock): the provider's own answer unless it has none.</summary>
    bool IsTransient(DbException exception) => exception.IsTransient;
}
