namespace Interlude.Sagas.Scheduling;

/// <summary>
/// Wakes this host's sleeping dispatcher when a message is scheduled to fall due before it would look
/// again. Other hosts' schedules are not seen here: the dispatcher's poll interval bounds their delay.
/// </summary>
internal sealed class SchedulerWakeUp
{
    private readonly Lock gate = new();
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // When the dispatcher looks next (by the injected clock); null while it is looking, so that a
    // schedule made meanwhile, perhaps not yet visible to its look, wakes it again at once.
    private DateTimeOffset? looksAt;

    /// <summary>A message was scheduled to fall due at <paramref name="dueAt"/>.</summary>
    public void Scheduled(DateTimeOffset dueAt)
    {
        lock (gate)
        {
            if (looksAt is not { } next || dueAt < next)
            {
                woken.TrySetResult();
            }
        }
    }

    /// <summary>The dispatcher starts a look at the store: what is scheduled from now on wakes its next sleep.</summary>
    public void Looking()
    {
        lock (gate)
        {
            looksAt = null;
            woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

        if (wake.IsCompleted || delay <= TimeSpan.Zero)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, stop.Token);
        await Task.WhenAny(wake, timer);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
