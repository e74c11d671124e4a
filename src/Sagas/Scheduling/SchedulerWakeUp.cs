namespace Interlude.Sagas.Scheduling;

/// <summary>
/// Wakes this host's sleeping dispatcher when a message is scheduled to fall due before it would look
/// again, and tells it the earliest due time scheduled here since its last look. Other hosts' schedules
/// are not seen here: the dispatcher's poll interval bounds their delay.
/// </summary>
internal sealed class SchedulerWakeUp
{
    private readonly Lock gate = new();
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // When the dispatcher looks next (by the injected clock); null while it is looking, so that a
    // schedule made meanwhile, perhaps not yet visible to its look, wakes it again at once.
    private DateTimeOffset? looksAt;

    private DateTimeOffset? earliest;

    /// <summary>A message was scheduled to fall due at <paramref name="dueAt"/>.</summary>
    public void Scheduled(DateTimeOffset dueAt)
    {
        lock (gate)
        {
            earliest = Earlier(earliest, dueAt);
            if (looksAt is not { } next || dueAt < next)
            {
                woken.TrySetResult();
            }
        }
    }

    /// <summary>
    /// The dispatcher starts a look at the store: what is scheduled from now on wakes its next sleep.
    /// Returns the earliest due time scheduled on this host since the previous look (null: none).
    /// </summary>
    public DateTimeOffset? Looking()
    {
        lock (gate)
        {
            looksAt = null;
            woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var scheduled = earliest;
            earliest = null;
            return scheduled;
        }
    }

    /// <summary>
    /// Sleeps for <paramref name="delay"/> of real time (the dispatcher's next look at <paramref name="looksNextAt"/>
    /// by the injected clock), or less when something due earlier is scheduled.
    /// </summary>
    public async Task Sleep(TimeSpan delay, DateTimeOffset looksNextAt, CancellationToken cancellationToken)
    {
        Task wake;
        lock (gate)
        {
            looksAt = looksNextAt;
            wake = woken.Task;
        }

        if (!wake.IsCompleted && delay > TimeSpan.Zero)
        {
            // Woken early, the delay's timer is left to run out (at most a poll interval) rather than cancelled.
            await Task.WhenAny(wake, Task.Delay(delay, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The earlier of two due times, either of them unknown.</summary>
    public static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
