using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Interlude.Workers.Tests;

/// <summary>
/// Issue 5, item 2: an external system drives a thread over RabbitMQ alone, with plain AMQP and the JSON
/// envelope the README documents (no MassTransit on its side, no HTTP): it publishes <c>StartThread</c>,
/// reads <c>InterruptRaised</c>, publishes <c>ResumeRequested</c> and reads <c>ThreadCompleted</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QueueIntegrationTests
{
    [Fact]
    public async Task Approval_StartedAndAnsweredOverPlainAmqp_CompletesApproved()
    {
        var prefix = RabbitTestBroker.NewPrefix();
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var worker = await RabbitHost.StartAsync(prefix, database, "Worker");
        var factory = new ConnectionFactory
        {
            HostName = RabbitTestBroker.Host,
            Port = RabbitTestBroker.Port,
            UserName = RabbitTestBroker.Username,
            Password = RabbitTestBroker.Password,
            VirtualHost = RabbitTestBroker.VirtualHost,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var events = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in new[] { "InterruptRaised", "ThreadCompleted" })
        {
            // The same declaration MassTransit makes for a message type: a durable fanout exchange named after it.
            await channel.ExchangeDeclareAsync($"{prefix}Interlude.Contracts:{type}", ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(events, $"{prefix}Interlude.Contracts:{type}", "");
        }

        var threadId = InterludeHarness.NewThreadId("queue");

        await Publish(channel, prefix, "StartThread", new JsonObject
        {
            ["threadId"] = threadId,
            ["graph"] = "approval",
            ["input"] = new JsonObject { ["action_details"] = "refund 120 EUR", ["status"] = "pending" },
        });
        var raised = await Next(channel, events, "InterruptRaised", threadId);
        await Publish(channel, prefix, "ResumeRequested", new JsonObject { ["threadId"] = threadId, ["resume"] = true, ["by"] = "billing-system" });
        var completed = await Next(channel, events, "ThreadCompleted", threadId);

        Assert.Equal("approval", raised.GetProperty("interrupt").GetProperty("node").GetString());
        Assert.Equal("refund 120 EUR", raised.GetProperty("interrupt").GetProperty("value").GetProperty("details").GetString());
        Assert.Equal("approved", completed.GetProperty("values").GetProperty("status").GetString());
        var state = await worker.Client.GetStateAsync(threadId);
        Assert.Equal("completed", state!.Status);
    }

    /// <summary>Publishes <paramref name="message"/> in MassTransit's JSON envelope to the exchange of its type.</summary>
    private static async Task Publish(IChannel channel, string prefix, string type, JsonObject message)
    {
        var messageId = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["messageId"] = messageId,
            ["messageType"] = new JsonArray($"urn:message:Interlude.Contracts:{type}"),
            ["message"] = message,
        };
        var exchange = $"{prefix}Interlude.Contracts:{type}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.masstransit+json",
            MessageId = messageId,
            Persistent = true,
        };
        await channel.BasicPublishAsync(exchange, "", false, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }

    /// <summary>The <c>message</c> of the next event of <paramref name="type"/> for <paramref name="threadId"/> (others are skipped).</summary>
    private static async Task<JsonElement> Next(IChannel channel, string queue, string type, string threadId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var delivery = await channel.BasicGetAsync(queue, autoAck: true);
            if (delivery is null)
            {
                await Task.Delay(50);
                continue;
            }

            var envelope = JsonDocument.Parse(delivery.Body).RootElement;
            var message = envelope.GetProperty("message");
            if (envelope.GetProperty("messageType").EnumerateArray().Any(t => t.GetString() == $"urn:message:Interlude.Contracts:{type}")
                && message.GetProperty("threadId").GetString() == threadId)
            {
                return message.Clone();
            }
        }

        throw new TimeoutException($"No {type} for {threadId} within 30 s.");
    }
}
