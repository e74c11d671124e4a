using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sqlite;

/// <summary>SQLite has one writer at a time: a claim is a plain query inside the writer's transaction, and migrations need no lock of their own.</summary>
internal sealed class SqliteDialect : IDatabaseDialect, IDisposable
{
    private readonly SemaphoreSlim writer = new(1, 1);

    public IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size) =>
        db.Outbox.Where(o => o.CreatedAt < cutoff).OrderBy(o => o.SequenceNumber).Take(size);

    public IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size) =>
        db.ScheduledMessages.Where(s => s.DueAt <= now).OrderBy(s => s.DueAt).Take(size);

    public async ValueTask<IDisposable?> EnterWriter(CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        return new Turn(writer);
    }

    public void Dispose() => writer.Dispose();

    public Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        public void Dispose() => writer.Release();
    }
}
