using Interlude.Sagas.Persistence;

namespace Interlude.Workers.Hosting;

/// <summary>The <c>Interlude</c> configuration section (DESIGN.md, "Configuration").</summary>
public sealed class InterludeOptions
{
    public const string Section = "Interlude";

    /// <summary><c>InMemory</c> (one process) or <c>RabbitMQ</c>.</summary>
    public string Transport { get; set; } = "InMemory";

    /// <summary><c>All</c> (API, saga and workers), <c>Api</c> or <c>Worker</c>.</summary>
    public string Role { get; set; } = "All";

    public RabbitMqOptions RabbitMQ { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public NodeOptions Nodes { get; set; } = new();

    public bool IsRabbitMq => string.Equals(Transport, "RabbitMQ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Roles <c>All</c> and <c>Api</c> answer HTTP.</summary>
    public bool ServesHttp => !IsRole("Worker");

    /// <summary>Roles <c>All</c> and <c>Worker</c> run the saga, the node workers and the history and inbox queries, on the database.</summary>
    public bool RunsThreads => !IsRole("Api");

    public bool IsRole(string role) => string.Equals(Role, role, StringComparison.OrdinalIgnoreCase);
}

public sealed class ApiOptions
{
    /// <summary>How long <c>POST /threads</c> and resume wait for the thread to pause or end.</summary>
    public double WaitSeconds { get; set; } = 30;

    public TimeSpan Wait => TimeSpan.FromSeconds(WaitSeconds);
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (a file beside the host) or <c>PostgreSQL</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long a dispatched task may stay unanswered before it is dispatched again (in-memory transport only).</summary>
    public TimeSpan TaskLease { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class NodeOptions
{
    public NodeRetryOptions Retry { get; set; } = new();
}

/// <summary>How often a node that throws is run again before its thread fails.</summary>
public sealed class NodeRetryOptions
{
    public int Attempts { get; set; } = 2;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(200);
}
