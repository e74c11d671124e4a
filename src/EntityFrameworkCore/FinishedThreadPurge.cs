using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// One batch of retention in one transaction: the finished threads' rows, then every row kept by thread
/// id for a thread row that is gone. The thread rows go first, under the same condition they were picked
/// by, so that a thread replayed in between keeps its history.
/// </summary>
internal static class FinishedThreadPurge
{
    public static async Task<int> Run(InterludeDbContext db, DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken)
    {
        var finished = FinishedStates.Names;
        var picked = await db.Threads.AsNoTracking()
            .Where(t => finished.Contains(t.CurrentState) && t.UpdatedAt < finishedBefore)
            .OrderBy(t => t.UpdatedAt)
            .Select(t => t.ThreadId)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        return picked.Count == 0 ? 0 : await Delete(db, picked, finishedBefore, cancellationToken);
    }

    /// <summary>Deletes the <paramref name="picked"/> threads that are still finished before <paramref name="finishedBefore"/>, with their rows.</summary>
    public static async Task<int> Delete(InterludeDbContext db, IReadOnlyList<string> picked, DateTimeOffset finishedBefore, CancellationToken cancellationToken)
    {
        var finished = FinishedStates.Names;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Threads
            .Where(t => picked.Contains(t.ThreadId) && finished.Contains(t.CurrentState) && t.UpdatedAt < finishedBefore)
            .ExecuteDeleteAsync(cancellationToken);

        // Every table keyed by thread id (a new one is added here too).
        await db.Checkpoints.Where(r => picked.Contains(r.ThreadId) && !db.Threads.Any(t => t.ThreadId == r.ThreadId)).ExecuteDeleteAsync(cancellationToken);
        await db.Interrupts.Where(r => picked.Contains(r.ThreadId) && !db.Threads.Any(t => t.ThreadId == r.ThreadId)).ExecuteDeleteAsync(cancellationToken);
        await db.InterruptResolutions.Where(r => picked.Contains(r.ThreadId) && !db.Threads.Any(t => t.ThreadId == r.ThreadId)).ExecuteDeleteAsync(cancellationToken);
        await db.IdempotencyKeys.Where(r => picked.Contains(r.ThreadId) && !db.Threads.Any(t => t.ThreadId == r.ThreadId)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
