using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Interlude.Faults;

/// <summary>
/// The suite's own RabbitMQ client: answers published as <c>ResumeRequested</c> with publisher confirms
/// (a confirmed publish counts as acknowledged), and hostile messages published straight to queues.
/// A connection is opened per call, so a broker restart costs the caller one failed attempt, never a dead client.
/// </summary>
internal sealed class Bus(string prefix)
{
    private readonly ConnectionFactory factory = new()
    {
        HostName = Services.RabbitHost,
        Port = Services.RabbitPort,
        UserName = Services.RabbitUser,
        Password = Services.RabbitPassword,
        VirtualHost = Services.RabbitVirtualHost,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>Publishes the answer and returns once the broker confirmed it; throws otherwise.</summary>
    public async Task PublishResume(string threadId, JsonObject answer)
    {
        var envelope = Envelope("ResumeRequested", new JsonObject { ["threadId"] = threadId, ["resume"] = answer.DeepClone(), ["by"] = "fault-suite" });
        await Publish(prefix + "Interlude.Contracts:ResumeRequested", "", Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/vnd.masstransit+json");
    }

    /// <summary>Publishes <paramref name="body"/> to <paramref name="queue"/> through the default exchange, confirmed.</summary>
    public Task PublishRaw(string queue, byte[] body, string contentType) => Publish("", queue, body, contentType);

    public static JsonObject Envelope(string type, JsonObject message) => new()
    {
        ["messageId"] = Guid.NewGuid().ToString(),
        ["messageType"] = new JsonArray($"urn:message:Interlude.Contracts:{type}"),
        ["message"] = message,
    };

    private async Task Publish(string exchange, string routingKey, byte[] body, string contentType)
    {
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { Persistent = true, ContentType = contentType, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body);
    }
}
