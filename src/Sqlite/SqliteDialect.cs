using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sqlite;

/// <summary>
/// SQLite has one writer at a time: a claim is a plain query inside the writer's transaction, the
/// batches of concurrent thread messages commit together, and migrations need no lock of their own.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : IDatabaseDialect, IAsyncDisposable, IDisposable
{
    private readonly SqliteGroupCommit groupCommit = new(connectionString);

    public IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size) =>
        db.Outbox.Where(o => o.CreatedAt < cutoff).OrderBy(o => o.SequenceNumber).Take(size);

    public IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size) =>
        db.ScheduledMessages.Where(s => s.DueAt <= now).OrderBy(s => s.DueAt).Take(size);

    public Task CommitBatch(InterludeDbContext db, BatchShape shape, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        groupCommit.Commit(db, write, cancellationToken);

    public ValueTask DisposeAsync() => groupCommit.DisposeAsync();

    public void Dispose() => groupCommit.Dispose();

    public Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);
}
