using System.Globalization;

namespace Interlude.Bench;

/// <summary>
/// The stock host's configuration keys (README, "Scale-out on RabbitMQ") for one deployment on RabbitMQ and
/// PostgreSQL: the benchmark's own host and its worker processes read the same ones, each with its role.
/// </summary>
internal static class RabbitMqDeployment
{
    /// <summary>
    /// The broker from <c>--rabbitmq amqp://user:password@host:port/vhost</c>, else from the variables the
    /// tests read (<c>INTERLUDE_TEST_RABBITMQ_HOST</c>, <c>_PORT</c>, <c>_USER</c>, <c>_PASSWORD</c>, <c>_VHOST</c>).
    /// </summary>
    public static Dictionary<string, string?> Settings(BenchOptions options, string prefix, string? schema)
    {
        var settings = Broker(options.RabbitMq);
        settings["Interlude:Transport"] = "RabbitMQ";
        settings["Interlude:RabbitMQ:Prefix"] = prefix;
        settings["Interlude:Database:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:Interlude"] = options.Connection ?? throw new ArgumentException("--connection (or INTERLUDE_TEST_POSTGRES) is required for postgres");
        if (schema is not null)
        {
            settings["Interlude:Database:Schema"] = schema;
        }

        return settings;
    }

    private static Dictionary<string, string?> Broker(string? uri)
    {
        if (uri is null)
        {
            return new Dictionary<string, string?>
            {
                ["Interlude:RabbitMQ:Host"] = Variable("HOST"),
                ["Interlude:RabbitMQ:Port"] = Variable("PORT"),
                ["Interlude:RabbitMQ:Username"] = Variable("USER"),
                ["Interlude:RabbitMQ:Password"] = Variable("PASSWORD"),
                ["Interlude:RabbitMQ:VirtualHost"] = Variable("VHOST"),
            };
        }

        var amqp = new Uri(uri);
        var user = amqp.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        return new Dictionary<string, string?>
        {
            ["Interlude:RabbitMQ:Host"] = amqp.Host,
            ["Interlude:RabbitMQ:Port"] = (amqp.IsDefaultPort || amqp.Port < 0 ? 5672 : amqp.Port).ToString(CultureInfo.InvariantCulture),
            ["Interlude:RabbitMQ:Username"] = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
            ["Interlude:RabbitMQ:Password"] = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
            ["Interlude:RabbitMQ:VirtualHost"] = virtualHost.Length > 0 ? virtualHost : "/",
        };
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable($"INTERLUDE_TEST_RABBITMQ_{name}")
        ?? throw new ArgumentException($"--rabbitmq amqp://... or INTERLUDE_TEST_RABBITMQ_{name} is required for --transport rabbitmq");
}
