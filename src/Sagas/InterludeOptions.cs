namespace Interlude;

/// <summary>
/// The runtime's timings and storage choices, bound from the <c>Interlude</c> configuration section
/// (for example <c>Interlude:Nodes:Retry:Attempts</c>) and settable in <c>AddInterlude(i => i.Configure(...))</c>.
/// </summary>
public sealed class InterludeOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Interlude";

    /// <summary>How node runs are retried and chained.</summary>
    public NodeOptions Nodes { get; set; } = new();

    /// <summary>The thread database: leases, migrations, schema.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The durable scheduler (timeouts and reminders).</summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>The transactional outbox and inbox of a database store.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>What one thread may hold.</summary>
    public ThreadOptions Threads { get; set; } = new();

    /// <summary>How long finished threads are kept (forever by default).</summary>
    public RetentionOptions Retention { get; set; } = new();
}

/// <summary>How long finished threads are kept (<c>Interlude:Retention</c>); off by default: every thread is kept forever.</summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// Purge completed, failed and cancelled threads this many days after their last change, with their history,
    /// interrupts, resolutions and audit (<c>Interlude:Retention:FinishedThreadsDays</c>); null: keep them.
    /// </summary>
    public double? FinishedThreadsDays { get; set; }

    /// <summary>How many threads one purge transaction deletes (<c>Interlude:Retention:BatchSize</c>).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the purge looks for threads past retention (<c>Interlude:Retention:Interval</c>).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>What one thread may hold.</summary>
public sealed class ThreadOptions
{
    /// <summary>
    /// The largest state (its values as JSON, in bytes) a start, resume or update may leave a thread with
    /// (<c>Interlude:Threads:MaxStateBytes</c>); such a command is refused (<c>too-large</c>) before anything is stored.
    /// </summary>
    public int MaxStateBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a command's idempotency key is remembered (<c>Interlude:Threads:IdempotencyKeyRetention</c>, default
    /// 24 hours): within it, a retry with the key returns the first outcome and applies nothing.
    /// </summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>How node runs are retried and chained.</summary>
public sealed class NodeOptions
{
    /// <summary>How often a node that throws is run again before its thread fails.</summary>
    public NodeRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The most steps a node worker runs in one message (<c>Interlude:Nodes:MaxChainSteps</c>, 1 or more).
    /// After a step's only task completes, the worker runs the next step too when it is exactly one node
    /// that cannot pause before it runs (no breakpoint, no <c>ctx.Step</c> journal to commit first); the
    /// thread commits every step's checkpoint in one transaction. 1: every step is a message of its own.
    /// </summary>
    public int MaxChainSteps { get; set; } = 16;
}

/// <summary>How often a node that throws is run again before its thread fails.</summary>
public sealed class NodeRetryOptions
{
    /// <summary>Runs after the first (0: the first failure fails the thread).</summary>
    public int Attempts { get; set; } = 2;

    /// <summary>The wait between two runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>The thread database.</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// How long a dispatched task may stay unanswered before it is dispatched again. Only on the in-memory
    /// transport, which loses messages with the process; a broker redelivers them itself.
    /// </summary>
    public TimeSpan TaskLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Create or upgrade the schema when the host starts (before the bus). Off: run the migrations yourself.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// The database schema Interlude's tables live in, for sharing a database with an application
    /// (PostgreSQL; created when missing). Empty: the connection's default schema.
    /// </summary>
    public string? Schema { get; set; }
}

/// <summary>The durable scheduler.</summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// How often the scheduler looks for due messages at the latest. A message scheduled on this host wakes
    /// it when due; one scheduled by another host (say, one that died) fires at most this late.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The transactional outbox and inbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the sweeper looks for rows left behind (the process died between commit and send).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How old a row must be before the sweeper takes it (delivery right after commit gets it first).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long delivered rows wait before they are deleted, so that one delete takes many. A process that
    /// dies meanwhile leaves them to the sweeper, which sends them again with the same message ids; so does
    /// a delay longer than <see cref="GracePeriod"/>.
    /// </summary>
    public TimeSpan CleanupDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long received message ids are kept to recognise a redelivery.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);
}
