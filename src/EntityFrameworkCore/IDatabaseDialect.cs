using Interlude.Sagas.Persistence;

namespace Interlude.EntityFrameworkCore;

/// <summary>What differs between databases beyond EF Core's provider: row claims, writers, and how migrations are serialised between hosts.</summary>
internal interface IDatabaseDialect
{
    /// <summary>The oldest outbox rows created before <paramref name="cutoff"/>, claimed for this transaction (rows another host claimed are skipped).</summary>
    IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size);

    /// <summary>The scheduled messages due at <paramref name="now"/>, earliest first, claimed for this transaction, so each is sent by one host.</summary>
    IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size);

    /// <summary>
    /// Waits for this host's turn to write a message's batch where the database takes one writer at a
    /// time (SQLite: writers queue here instead of retrying on a busy file); elsewhere returns at once.
    /// Disposing the result lets the next writer in.
    /// </summary>
    ValueTask<IDisposable?> EnterWriter(CancellationToken cancellationToken);

    /// <summary>Creates the schema or upgrades it to the latest migration, safe when several hosts start together.</summary>
    Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken);
}
