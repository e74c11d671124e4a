using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Interlude.Workers.Tests;

/// <summary>
/// Issue 12, item 1, on a real broker: a node worker that receives a task of a graph version it lacks
/// does not fail the thread; the task is retried, parked in the node queue's <c>_error</c>, and runs
/// on that version once an operator moves it back to a worker that has it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RabbitMqGraphVersionTests
{
    private static readonly string[] QuickRetry = ["--Interlude:Nodes:Retry:Attempts=2", "--Interlude:Nodes:Retry:Interval=00:00:00.050"];

    [Fact]
    public async Task ATaskOfAVersionTheWorkerLacks_IsParkedInError_TheThreadKeepsWaiting_AndMovedBackItRunsOnThatVersion()
    {
        var prefix = RabbitTestBroker.NewPrefix();
        var nodes = $"{prefix}interlude-nodes";
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        var threadId = InterludeHarness.NewThreadId("rabbit-v1");
        await using var first = await RabbitHost.StartWithGraphsAsync(prefix, database, [VersionedGraphs.V1()], extra: QuickRetry);
        Assert.Equal(1, (await first.Client.InvokeAsync(VersionedGraphs.Name, null, threadId)).GraphVersion);
        await first.StopAsync();

        // A deploy half done: this host's thread saga still has version 1, its node worker only version 2.
        await using var mixed = await RabbitHost.StartWithGraphsAsync(prefix, database, [VersionedGraphs.V2()], s => s.Replace(ServiceDescriptor.Singleton(p =>
            new ThreadRuntime(new GraphCatalog([VersionedGraphs.V1(), VersionedGraphs.V2()]), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<IOptions<InterludeOptions>>()))), QuickRetry);
        var faulted = new TaskCompletionSource<Fault<ExecuteNode>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = mixed.Services.GetRequiredService<IBus>();
        var faults = bus.ConnectReceiveEndpoint($"{prefix}test-faults", e => e.Handler<Fault<ExecuteNode>>(c =>
        {
            faulted.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));
        await faults.Ready;

        await bus.Publish(new ResumeRequested { ThreadId = threadId, Resume = System.Text.Json.JsonSerializer.SerializeToElement("yes") });

        var fault = await faulted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((threadId, 1), (fault.Message.ThreadId, fault.Message.GraphVersion));
        Assert.Contains("no graph named 'versioned' with version 1", Assert.Single(fault.Exceptions).Message, StringComparison.Ordinal);
        Assert.Equal(1u, await MessagesIn($"{nodes}_error", expected: 1));

        // Asked after the fault reached the thread's queue, so answered after the thread handled it: still waiting, not failed.
        var state = (await mixed.Client.GetStateAsync(threadId))!;
        Assert.Equal(("running", 1, (ThreadErrorInfo?)null), (state.Status, state.GraphVersion, state.Error));
        Assert.Equal(["ask"], state.Next);
        await mixed.StopAsync();

        await using var fixedHost = await RabbitHost.StartWithGraphsAsync(prefix, database, [VersionedGraphs.V1(), VersionedGraphs.V2()], extra: QuickRetry);
        var retries = await MoveBack($"{nodes}_error", nodes);

        Assert.Equal([2], retries); // QuickRetry's two retries, as MassTransit recorded them on the parked message

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var done = (await fixedHost.Client.GetStateAsync(threadId))!;
        while (done.Status == "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            done = (await fixedHost.Client.GetStateAsync(threadId))!;
        }

        Assert.Equal(("completed", 1, "yes", "v1"), (done.Status, done.GraphVersion, done.Values.GetProperty("answer").GetString(), done.Values.GetProperty("ran_on").GetString()));
        Assert.Equal(0u, await MessagesIn($"{nodes}_error", expected: 0));
    }

    private static ConnectionFactory Broker() => new()
    {
        HostName = RabbitTestBroker.Host,
        Port = RabbitTestBroker.Port,
        UserName = RabbitTestBroker.Username,
        Password = RabbitTestBroker.Password,
        VirtualHost = RabbitTestBroker.VirtualHost,
    };

    /// <summary>How many messages wait in <paramref name="queue"/>, once it holds <paramref name="expected"/> (or after 30 s); a queue not declared yet (MassTransit declares <c>_error</c> with its first fault) holds none.</summary>
    private static async Task<uint> MessagesIn(string queue, uint expected)
    {
        await using var connection = await Broker().CreateConnectionAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var count = await Count(connection, queue);
        while (count != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            count = await Count(connection, queue);
        }

        return count;
    }

    private static async Task<uint> Count(RabbitMQ.Client.IConnection connection, string queue)
    {
        // A passive declare of a missing queue closes its channel with 404, so each reading has its own.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// What an operator's shovel does: every message of <paramref name="from"/> back to <paramref name="to"/>,
    /// body and headers as they are. Returns each message's <c>MT-Fault-RetryCount</c>.
    /// </summary>
    private static async Task<List<int>> MoveBack(string from, string to)
    {
        await using var connection = await Broker().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var retries = new List<int>();
        while (await channel.BasicGetAsync(from, autoAck: false) is { } delivery)
        {
            var count = delivery.BasicProperties.Headers?["MT-Fault-RetryCount"];
            retries.Add(count is byte[] text ? int.Parse(System.Text.Encoding.UTF8.GetString(text)) : Convert.ToInt32(count));
            await channel.BasicPublishAsync(string.Empty, to, mandatory: true, new BasicProperties(delivery.BasicProperties), delivery.Body);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }

        return retries;
    }
}
