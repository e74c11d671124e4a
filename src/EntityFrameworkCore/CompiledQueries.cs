using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// The queries every saga message runs, compiled once instead of translated on every call. One instance
/// per container: a compiled query serves one model only, and each container has its own.
/// </summary>
internal sealed class CompiledQueries
{
    /// <summary>The thread row a message changes, tracked.</summary>
    public readonly Func<InterludeDbContext, Guid, CancellationToken, Task<GraphThreadState?>> TrackedThread =
        EF.CompileAsyncQuery((InterludeDbContext db, Guid correlationId, CancellationToken _) =>
            db.Threads.AsTracking().SingleOrDefault(t => t.CorrelationId == correlationId));

    /// <summary>
    /// For a command naming an idempotency key, in one round trip: the thread row (untracked: the caller attaches
    /// it) with the key's row, if any. The key's own thread is read too, so that the key of a start is found when
    /// the thread the start names does not exist yet (a key's thread is always there: keys go with their thread).
    /// </summary>
    public readonly Func<InterludeDbContext, Guid, string, string, IAsyncEnumerable<ThreadWithKey>> ThreadWithKey =
        EF.CompileAsyncQuery((InterludeDbContext db, Guid correlationId, string scope, string key) =>
            from t in db.Threads.AsNoTracking()
            where t.CorrelationId == correlationId
                || t.ThreadId == db.IdempotencyKeys.Where(k => k.Scope == scope && k.IdempotencyKey == key).Select(k => k.ThreadId).FirstOrDefault()
            from k in db.IdempotencyKeys.AsNoTracking().Where(k => k.Scope == scope && k.IdempotencyKey == key).DefaultIfEmpty()
            select new ThreadWithKey(t, k));

    /// <summary>An idempotency key's row, for a command whose thread was not loaded with it.</summary>
    public readonly Func<InterludeDbContext, string, string, CancellationToken, Task<IdempotencyKeyRow?>> Key =
        EF.CompileAsyncQuery((InterludeDbContext db, string scope, string key, CancellationToken _) =>
            db.IdempotencyKeys.AsNoTracking().SingleOrDefault(k => k.Scope == scope && k.IdempotencyKey == key));

    /// <summary>The thread row for a read outside a message, untracked.</summary>
    public readonly Func<InterludeDbContext, Guid, CancellationToken, Task<GraphThreadState?>> Thread =
        EF.CompileAsyncQuery((InterludeDbContext db, Guid correlationId, CancellationToken _) =>
            db.Threads.AsNoTracking().SingleOrDefault(t => t.CorrelationId == correlationId));

    /// <summary>The running task ids of a thread (null: no such thread), without its checkpoint.</summary>
    public readonly Func<InterludeDbContext, Guid, CancellationToken, Task<string?>> RunningTasks =
        EF.CompileAsyncQuery((InterludeDbContext db, Guid correlationId, CancellationToken _) =>
            db.Threads.Where(t => t.CorrelationId == correlationId).Select(t => (string?)t.RunningTasks).SingleOrDefault());

    /// <summary>Whether this consumer has already handled the message (a redelivery).</summary>
    public readonly Func<InterludeDbContext, Guid, string, CancellationToken, Task<bool>> InboxHas =
        EF.CompileAsyncQuery((InterludeDbContext db, Guid messageId, string consumer, CancellationToken _) =>
            db.Inbox.Any(i => i.MessageId == messageId && i.Consumer == consumer));
}

/// <summary>A thread row and the row of the idempotency key its command names (null: not seen).</summary>
internal sealed record ThreadWithKey(GraphThreadState Thread, IdempotencyKeyRow? Key);
