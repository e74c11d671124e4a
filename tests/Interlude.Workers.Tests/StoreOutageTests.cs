using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using MassTransit;
using Interlude.Sagas.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>
/// A thread database that cannot be reached for longer than every retry budget (issue 13, "Process
/// restarts are survived by design"): what was in hand waits it out with back-off and goes on once the
/// database is back; nothing is parked in <c>_error</c>, no thread fails. The real PostgreSQL, cut off by a proxy.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StoreOutageTests
{
    /// <summary>Longer than the thread endpoint's retries (2 s in all) and a node's (2 x 0.2 s).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Answer_WhileTheDatabaseIsUnreachable_IsAppliedOnceWhenItIsBack_AndNothingFaults()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = OutageProxy.Start(server.Host!, server.Port);
        var logs = new LogCapture();
        await using var host = await InterludeHarness.StartOnAsync(database.Through(proxy), configure: services => services.AddSingleton<ILoggerProvider>(logs));
        var threadId = InterludeHarness.NewThreadId("outage");
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);
        Assert.Equal("interrupted", paused.Status);
        var task = (await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId))[0];

        proxy.Cut();
        try
        {
            await host.Harness.Bus.Publish(new ResumeRequested { ThreadId = threadId, Resume = JsonSerializer.SerializeToElement(new { approved = true }), By = "ops" });

            // A copy of a task the thread is done with: the worker cannot check it while the database is away.
            await host.Harness.Bus.Publish(task);
            await Task.Delay(Outage);
            Assert.False(await host.Harness.Published.Any<Fault<ResumeRequested>>(), "The answer was parked during the outage.");
            Assert.False(await host.Harness.Published.Any<Fault<ExecuteNode>>(), "The task's check faulted during the outage.");
            Assert.Contains(logs.In(typeof(StoreOutage).FullName!), l => l.Level == LogLevel.Warning);
        }
        finally
        {
            // Also after a failed assertion: the host's messages in hand wait for the database to stop.
            proxy.Restore();
        }

        var state = await WaitEnded(host, threadId);
        Assert.Equal("completed", state.Status);
        Assert.Equal("approved", state.Values.GetProperty("status").GetString());
        var audit = await host.Client.GetAuditAsync(threadId);
        Assert.Single(audit!, e => e.Action == "answer");
        Assert.False(await host.Harness.Published.Any<Fault<ResumeRequested>>());
        Assert.False(await host.Harness.Published.Any<Fault<ExecuteNode>>());
    }

    private static async Task<ThreadStateSnapshot> WaitEnded(InterludeHarness host, string threadId)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if (await host.Client.GetStateAsync(threadId, patience.Token) is { Status: not "running" and not "interrupted" } state)
                {
                    return state;
                }
            }
            catch (RequestTimeoutException)
            {
                // The thread endpoint is still catching up.
            }

            await Task.Delay(200, patience.Token);
        }
    }
}
