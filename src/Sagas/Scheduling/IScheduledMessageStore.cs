using Interlude.Sagas.Persistence;

namespace Interlude.Sagas.Scheduling;

/// <summary>Where scheduled messages wait until they are due: the thread database, or this process (the test harness).</summary>
internal interface IScheduledMessageStore
{
    /// <summary>Stores a scheduled message; in the database, inside the caller's transaction when there is one.</summary>
    Task Add(ScheduledMessageRow row, CancellationToken cancellationToken);

    /// <summary>Forgets a scheduled message by its token; an unknown or already sent token is no error.</summary>
    Task Cancel(Guid tokenId, CancellationToken cancellationToken);

    /// <summary>When the earliest waiting message falls due (null: none waits); one cheap read, no transaction.</summary>
    Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken);

    /// <summary>How many scheduled messages wait, due or not.</summary>
    Task<int> CountWaiting(CancellationToken cancellationToken);

    /// <summary>
    /// Hands at most <paramref name="batchSize"/> messages due at <paramref name="now"/> (earliest first)
    /// to <paramref name="send"/> and removes them, each claimed by one dispatcher only; returns how many.
    /// </summary>
    Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken);
}
