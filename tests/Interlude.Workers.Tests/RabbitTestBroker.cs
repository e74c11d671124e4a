namespace Interlude.Workers.Tests;

/// <summary>
/// The RabbitMQ server the test command started (scripts/services.sh exports it), with a fresh virtual
/// host per run. Each test isolates itself further by an exchange and queue prefix of its own.
/// </summary>
public static class RabbitTestBroker
{
    public static string Host => Variable("HOST");

    public static int Port => int.Parse(Variable("PORT"));

    public static string Username => Variable("USER");

    public static string Password => Variable("PASSWORD");

    public static string VirtualHost => Variable("VHOST");

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..10] + "-";

    /// <summary>Command-line settings for a host on this broker with <paramref name="prefix"/> and a PostgreSQL database.</summary>
    public static string[] Settings(string prefix, TestDatabase database, string role) =>
    [
        "--Interlude:Transport=RabbitMQ",
        $"--Interlude:Role={role}",
        $"--Interlude:RabbitMQ:Host={Host}",
        $"--Interlude:RabbitMQ:Port={Port}",
        $"--Interlude:RabbitMQ:Username={Username}",
        $"--Interlude:RabbitMQ:Password={Password}",
        $"--Interlude:RabbitMQ:VirtualHost={VirtualHost}",
        $"--Interlude:RabbitMQ:Prefix={prefix}",
        $"--Interlude:Database:Provider={database.Provider}",
        $"--ConnectionStrings:Interlude={database.ConnectionString}",
    ];

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable($"INTERLUDE_TEST_RABBITMQ_{name}")
        ?? throw new InvalidOperationException($"INTERLUDE_TEST_RABBITMQ_{name} is not set: run the tests with 'bash scripts/test.sh', which starts RabbitMQ.");
}
