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
