using Interlude.EntityFrameworkCore;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Sagas.Persistence;
using Interlude.EntityFrameworkCore.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interlude.Workers.Tests;

/// <summary>The approval scenario through a real RabbitMQ bus in this process, threads in PostgreSQL.</summary>
[Trait("Category", "Integration")]
public sealed class RabbitMqApprovalTests
{
    [Fact]
    public async Task Approval_StartInterruptResume_CompletesApprovedOverRabbitMq()
    {
        var prefix = RabbitTestBroker.NewPrefix();
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var host = await RabbitHost.StartAsync(prefix, database);
        var completed = new TaskCompletionSource<ThreadCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = host.Services.GetRequiredService<IBus>();
        var events = bus.ConnectReceiveEndpoint($"{prefix}test-events", e => e.Handler<ThreadCompleted>(c =>
        {
            completed.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));
        await events.Ready;
        var threadId = InterludeHarness.NewThreadId("rabbit");

        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "refund 120 EUR", ["status"] = "pending" }, threadId);
        var interrupt = Assert.Single(paused.Interrupts);
        var resumed = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("interrupted", paused.Status);
        Assert.Equal("approval", interrupt.Node);
        Assert.Equal("completed", resumed.Status);
        Assert.Equal("approved", resumed.Values.GetProperty("status").GetString());
        var done = await completed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(threadId, done.ThreadId);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        Assert.Empty(await host.Client.ListInterruptsAsync("approval"));
        Assert.Equal(3, (await host.Client.GetHistoryAsync(threadId))!.Count);
    }

    [Fact]
    public async Task TimedApproval_NobodyAnswers_TimesOutRejectedOverRabbitMq()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var host = await RabbitHost.StartAsync(RabbitTestBroker.NewPrefix(), database);
        var threadId = InterludeHarness.NewThreadId("rabbit-timeout");

        var paused = await host.Client.InvokeAsync("timed-approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending", ["timeout_seconds"] = 1 }, threadId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var state = paused;
        while (state.Status != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            state = (await host.Client.GetStateAsync(threadId))!;
        }

        Assert.Equal("interrupted", paused.Status);
        Assert.NotNull(Assert.Single(paused.Interrupts).ExpiresAt);
        Assert.Equal("completed", state.Status);
        Assert.Equal("rejected", state.Values.GetProperty("status").GetString());
        Assert.Equal("timeout", state.Values.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RabbitMq_RecoveryIsOff_OutboxSweeperIsOn()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var host = await RabbitHost.StartAsync(RabbitTestBroker.NewPrefix(), database, "Worker");

        var hosted = host.Services.GetServices<IHostedService>().ToList();

        // The broker redelivers a task a dead worker had taken; re-dispatching after a lease would run a slow node twice.
        Assert.False(hosted.OfType<ThreadRecovery>().Single().Active);
        Assert.Contains(hosted, s => s is OutboxSweeper);
    }
}
