using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Interlude.Faults;

/// <summary>
/// Malformed and unknown messages published straight to every Interlude queue: each must end in an
/// <c>_error</c> or <c>_skipped</c> queue or be answered with <c>ResumeRejected</c> / <c>CommandRejected</c>.
/// </summary>
internal static class Hostile
{
    private const string Observer = "fault-suite-rejections";

    public static IReadOnlyList<(string Name, byte[] Body, string ContentType)> Messages(string prefix) =>
    [
        ("bad JSON", Encoding.UTF8.GetBytes("{\"messageId\": \"not json"), "application/vnd.masstransit+json"),
        ("wrong type", Json(Bus.Envelope("NoSuchMessage", new JsonObject { ["threadId"] = "x" })), "application/vnd.masstransit+json"),
        ("nonexistent thread", Json(Bus.Envelope("ResumeRequested", new JsonObject { ["threadId"] = $"{prefix}no-such-thread", ["resume"] = true })), "application/vnd.masstransit+json"),
        ("huge body", Json(Bus.Envelope("ResumeRequested", new JsonObject { ["threadId"] = $"{prefix}huge", ["resume"] = new string('x', 4 * 1024 * 1024) })), "application/vnd.masstransit+json"),
    ];

    /// <summary>Binds the suite's queue to the rejection events (declared first, as the README says).</summary>
    public static async Task Observe(string prefix)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(Observer, durable: true, exclusive: false, autoDelete: false);
        foreach (var type in new[] { "ResumeRejected", "CommandRejected" })
        {
            var exchange = $"{prefix}Interlude.Contracts:{type}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(Observer, exchange, "");
        }
    }

    /// <summary>Messages per queue of the virtual host (rabbitmqctl list_queues).</summary>
    public static async Task<Dictionary<string, long>> Queues()
    {
        var output = await Services.Run("rabbitmqctl", "-q", "list_queues", "-p", Services.RabbitVirtualHost, "--no-table-headers", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 2)
            .ToDictionary(cells => cells[0], cells => long.Parse(cells[1]));
    }

    public static long Rejections(Dictionary<string, long> queues) => queues.GetValueOrDefault(Observer);

    public static bool IsParking(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal);

    private static byte[] Json(JsonObject node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static ConnectionFactory Factory() => new()
    {
        HostName = Services.RabbitHost,
        Port = Services.RabbitPort,
        UserName = Services.RabbitUser,
        Password = Services.RabbitPassword,
        VirtualHost = Services.RabbitVirtualHost,
    };
}
