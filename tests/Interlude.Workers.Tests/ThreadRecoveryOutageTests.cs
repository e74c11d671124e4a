using Interlude.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interlude.Workers.Tests;

/// <summary>
/// Recovery's periodic round survives a database it cannot read: it logs a warning and tries again on
/// the next tick, instead of ending with an exception that would stop the host (found by the fault suite's review).
/// </summary>
public sealed class ThreadRecoveryOutageTests
{
    private static readonly string Category = typeof(ThreadRecovery).FullName!;

    [Fact]
    public async Task Recovery_DatabaseFailsBetweenRounds_LogsAWarningAndKeepsRunning()
    {
        var logs = new LogCapture();
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        await using var host = await InterludeHarness.StartOnAsync(database, configure: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<InterludeOptions>(o => o.Database.TaskLease = TimeSpan.FromMilliseconds(400));
        });
        var recovery = host.Services.GetServices<IHostedService>().OfType<ThreadRecovery>().Single();
        Assert.True(recovery.Active);

        // The threads table goes away under the running host, as a failing database would answer.
        await Execute(database, "ALTER TABLE threads RENAME TO threads_away");
        await WaitFor(() => Warnings(logs) > 0);
        await WaitFor(() => Warnings(logs) > 1);
        Assert.False(recovery.ExecuteTask!.IsCompleted);

        await Execute(database, "ALTER TABLE threads_away RENAME TO threads");
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", new System.Text.Json.Nodes.JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);

        Assert.Equal("interrupted", paused.Status);
        var failed = Warnings(logs);
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        Assert.Equal(failed, Warnings(logs));
        Assert.False(recovery.ExecuteTask.IsCompleted);
    }

    private static int Warnings(LogCapture logs) => logs.In(Category).Count(l => l.Level == LogLevel.Warning);

    private static async Task Execute(TestDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 20 s.");
            await Task.Delay(50);
        }
    }
}
