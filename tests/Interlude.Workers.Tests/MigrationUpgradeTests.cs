using System.Text.Json.Nodes;
using Interlude.Graph.Runtime;
using Interlude.EntityFrameworkCore;
using Interlude.Sqlite;
using Interlude.Workers.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// A database created by the first migration, holding a paused thread as the first shipped version
/// wrote it (Fixtures/v1-paused-approval.json), upgrades at start-up and the thread still resumes.
/// </summary>
public abstract class MigrationUpgradeTests
{
    protected abstract ThreadStore Store { get; }

    [Fact]
    public async Task Upgrade_FromTheFirstMigration_KeepsAPausedThreadResumable()
    {
        await using var database = await TestDatabase.CreateAsync(Store);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("20261121000001_Initial");
            Assert.Equal(["20261121000001_Initial"], await db.Database.GetAppliedMigrationsAsync());
            var checkpoint = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1-paused-approval.json"));
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO threads (correlation_id, thread_id, graph, current_state, version, checkpoint, created_at, updated_at) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})",
                Interlude.Client.ThreadIdentity.ToGuid("v1-thread"), "v1-thread", "approval", "Interrupted", 3, checkpoint, Time(db), Time(db));
        }

        await services.MigrateInterludeDatabaseAsync();

        await using var check = services.CreateAsyncScope();
        var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
        Assert.Empty(await upgraded.Database.GetPendingMigrationsAsync());
        var row = await upgraded.Threads.SingleAsync(t => t.ThreadId == "v1-thread");
        var thread = ThreadCheckpoint.FromJson(row.Checkpoint);
        Assert.Equal(ThreadStatus.Interrupted, thread.Status);
        var interrupt = Assert.Single(thread.OpenInterrupts);
        var executor = new GraphExecutor(ApprovalGraph.Build());
        Assert.Null(await executor.ResumeAsync(thread, ResumeCommand.ByIds(new Dictionary<string, JsonNode?> { [interrupt.Id] = JsonValue.Create(true) })));
        Assert.Equal(ThreadStatus.Completed, thread.Status);
        Assert.Equal("approved", thread.Values["status"]!.GetValue<string>());
        Assert.Empty(await upgraded.Interrupts.ToListAsync());
    }

    [Fact]
    public async Task Upgrade_FromTheFirstMigration_IndexesTheInboxByReceiveTime()
    {
        await using var database = await TestDatabase.CreateAsync(Store);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<InterludeDbContext>().GetService<IMigrator>().MigrateAsync("20261121000003_ScheduledMessages");
        }

        await services.MigrateInterludeDatabaseAsync();

        await using var check = services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var sql = db is SqliteInterludeDbContext
            ? "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'index' AND name = 'ix_inbox_received_at'"
            : "SELECT count(*)::int AS \"Value\" FROM pg_indexes WHERE indexname = 'ix_inbox_received_at'";
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>(sql).SingleAsync());
    }

    /// <summary>A creation time as the provider stores it (ticks on SQLite, timestamptz on PostgreSQL).</summary>
    private static object Time(InterludeDbContext db) =>
        db is SqliteInterludeDbContext ? DateTimeOffset.UnixEpoch.UtcTicks : DateTimeOffset.UnixEpoch;
}

public sealed class MigrationUpgradeTestsOnSqlite : MigrationUpgradeTests
{
    protected override ThreadStore Store => ThreadStore.Sqlite;
}

[Trait("Category", "Integration")]
public sealed class MigrationUpgradeTestsOnPostgres : MigrationUpgradeTests
{
    protected override ThreadStore Store => ThreadStore.PostgreSQL;
}
