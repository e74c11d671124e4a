using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads.Commands;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// The ledger in the <c>idempotency_keys</c> table. A named key's row is read with the thread, in the saga's
/// load (<see cref="CompiledQueries.ThreadWithKey"/>), and a new one joins the message's write batch. A command
/// without a key is known by its message id, which the inbox row of the same batch records: it adds no row and
/// no query; the inbox recognises a second copy (<see cref="HandledBefore"/>).
/// </summary>
internal sealed class EfCommandLedger(InterludeDbContext db, CompiledQueries queries) : ICommandLedger
{
    private (CommandKey Key, CommandRecord? Record)? loaded;
    private bool handledBefore;

    /// <summary>The inbox found this message handled before: it is a repeat of itself.</summary>
    public void HandledBefore() => handledBefore = true;

    /// <summary>The key's row as the saga's load read it with the thread.</summary>
    public void Loaded(CommandKey key, IdempotencyKeyRow? row) => loaded = (key, row is null ? null : ToRecord(row));

    public async ValueTask<CommandRecord?> Find(CommandKey key, CancellationToken cancellationToken)
    {
        if (!key.Named)
        {
            return handledBefore ? new CommandRecord(key.Scope, CommandRecord.Accepted, null, null, DateTimeOffset.MinValue) : null;
        }

        if (loaded is { } read && read.Key == key)
        {
            return read.Record;
        }

        return await queries.Key(db, key.Scope, key.Key, cancellationToken) is { } row ? ToRecord(row) : null;
    }

    public void Record(CommandKey key, CommandRecord record)
    {
        if (key.Named)
        {
            db.IdempotencyKeys.Add(new IdempotencyKeyRow
            {
                Scope = key.Scope,
                IdempotencyKey = key.Key,
                ThreadId = record.ThreadId,
                RequestHash = record.RequestHash,
                Outcome = record.Outcome,
                Message = record.Message,
                CreatedAt = record.CreatedAt,
            });
        }
    }

    public Task<int> ForgetRecordedBefore(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.Where(k => k.CreatedAt < before).OrderBy(k => k.CreatedAt).Take(batchSize).ExecuteDeleteAsync(cancellationToken);

    private static CommandRecord ToRecord(IdempotencyKeyRow row) => new(row.ThreadId, row.Outcome, row.Message, row.RequestHash, row.CreatedAt);
}
