namespace Interlude.Sagas.Persistence;

/// <summary>How threads are stored and recovered.</summary>
public sealed class ThreadStorageOptions
{
    /// <summary>False: MassTransit's in-memory saga repository (the test harness). True: the database.</summary>
    public bool Durable { get; init; }

    /// <summary>
    /// Dispatch again at start-up, and after <see cref="TaskLease"/>, tasks that were never answered.
    /// Only for the in-memory transport, which loses messages with the process; a broker redelivers them.
    /// </summary>
    public bool RecoverLostTasks { get; init; }

    /// <summary>How long a dispatched task may stay unanswered before it is dispatched again.</summary>
    public TimeSpan TaskLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the scheduler looks for due messages (a wake-up fires at most this late).</summary>
    public TimeSpan SchedulerPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How old an outbox row must be before the sweeper takes it (inline delivery gets it first).</summary>
    public TimeSpan OutboxGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan InboxRetention { get; init; } = TimeSpan.FromDays(7);
}
