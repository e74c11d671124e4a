namespace Interlude.Workers.Hosting;

/// <summary>
/// What the stock host reads from the <c>Interlude</c> configuration section besides the runtime's own
/// <see cref="InterludeOptions"/>: the transport, the role and the database (DESIGN.md, "Configuration").
/// </summary>
public sealed class InterludeHostOptions
{
    /// <summary><c>InMemory</c> (one process) or <c>RabbitMQ</c>.</summary>
    public string Transport { get; set; } = "InMemory";

    /// <summary><c>All</c> (API, saga and workers), <c>Api</c> or <c>Worker</c>.</summary>
    public string Role { get; set; } = "All";

    public RabbitMqOptions RabbitMQ { get; set; } = new();

    public HostDatabaseOptions Database { get; set; } = new();

    /// <summary>Where a worker answers <c>/health</c> (<c>Interlude:Health:Urls</c>).</summary>
    public HostHealthOptions Health { get; set; } = new();

    /// <summary>The HTTP API's rate limiter (<c>Interlude:RateLimit</c>).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>API keys, JWT bearer tokens and anonymous callers (<c>Interlude:Auth</c>).</summary>
    public Auth.HostAuthOptions Auth { get; set; } = new();

    public bool IsRabbitMq => string.Equals(Transport, "RabbitMQ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Roles <c>All</c> and <c>Api</c> answer HTTP.</summary>
    public bool ServesHttp => !IsRole("Worker");

    /// <summary>Roles <c>All</c> and <c>Worker</c> run the saga, the node workers and the history and inbox queries, on the database.</summary>
    public bool RunsThreads => !IsRole("Api");

    public bool IsRole(string role) => string.Equals(Role, role, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The <c>Interlude:Health</c> section.</summary>
public sealed class HostHealthOptions
{
    /// <summary>
    /// Role <c>Worker</c>: where it serves <c>/health</c> (for example <c>http://0.0.0.0:8081</c>); empty: no port.
    /// The readiness check fails while the database (roles <c>All</c> and <c>Worker</c>) or the broker (on RabbitMQ) cannot be reached.
    /// </summary>
    public string? Urls { get; set; }
}

/// <summary>Which database package the host uses.</summary>
public sealed class HostDatabaseOptions
{
    /// <summary><c>Sqlite</c> (a file beside the host), <c>PostgreSQL</c> or <c>SqlServer</c>; anything else stops the host at start-up.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>The databases the stock host can run on, each from its own package.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
    SqlServer,
}
