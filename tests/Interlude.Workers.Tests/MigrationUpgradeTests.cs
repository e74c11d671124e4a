using System.Text.Json.Nodes;
using Interlude.Graph.Runtime;
using Interlude.Client;
using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
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
/// wrote it (Fixtures/v1-paused-approval.json), upgrades at start-up and the thread still resumes; so
/// does one written before migration 0006, whose checkpoint still lists its resolved interrupts
/// (Fixtures/v4-paused-multi-question.json); and one written before migration 0013, whose thread rows list
/// their last commands' idempotency keys.
/// </summary>
public sealed class MigrationUpgradeTests
{
    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheFirstMigration_KeepsAPausedThreadResumable(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("20261121000001_Initial");
            Assert.Equal(["20261121000001_Initial"], await db.Database.GetAppliedMigrationsAsync());
            await InsertThread(db, "v1-thread", "approval", "Interrupted", await PausedApproval());
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

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheFirstMigration_IndexesTheInboxByReceiveTime(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
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

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromThePreviousVersion_MovesResolvedInterruptsOutOfCheckpoints_AndTheThreadStillRefusesARepeatedAnswer(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        var checkpoint = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v4-paused-multi-question.json"));
        var legacy = JsonNode.Parse(checkpoint)!["resolved"]![0]!;
        var (name, answeredAt) = (legacy["id"]!.GetValue<string>(), legacy["resolvedAt"]!.GetValue<DateTimeOffset>());
        var age = ThreadCheckpoint.FromJson(checkpoint).OpenInterrupts.Single().Id;
        await using (var scope = services.CreateAsyncScope())
        {
            // As the version before migration 0006 left it: the resolution in the checkpoint and on the interrupt's row.
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("20261201000004_InboxReceivedAtIndex");
            await InsertThread(db, "v4-thread", "multi-question", "Interrupted", checkpoint);
            await InsertInterrupt(db, "v4-thread", "multi-question", "ask", name, "answered", answeredAt, "ann", "\"Ada\"");
            await InsertInterrupt(db, "v4-thread", "multi-question", "ask", age, EfThreadJournal.Open, null, null, null);
        }

        await services.MigrateInterludeDatabaseAsync();

        await using (var check = services.CreateAsyncScope())
        {
            var copied = await check.ServiceProvider.GetRequiredService<InterludeDbContext>().InterruptResolutions.ToListAsync();
            var row = Assert.Single(copied);
            Assert.Equal(("v4-thread", name, "answered", "\"Ada\"", "ann", answeredAt), (row.ThreadId, row.InterruptId, row.Outcome, row.Answer, row.ResolvedBy, row.ResolvedAt));
            Assert.Equal("answer", row.Action); // migration 0008: the resolution became an audit entry
        }

        using var telemetry = new TelemetryCapture();
        await using var host = await InterludeHarness.StartOnAsync(database);
        var audit = await host.Client.GetAuditAsync("v4-thread");
        Assert.Equal([("answer", "ann", (string?)name)], audit!.Select(e => (e.Action, e.By, e.InterruptId)));
        var again = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync("v4-thread", new Dictionary<string, JsonNode?> { [name] = "Grace" }));
        Assert.Equal(("already-resolved", $"Interrupt {name} is already resolved."), (again.Reason, again.Message));
        var done = await host.Client.ResumeAsync("v4-thread", new Dictionary<string, JsonNode?> { [age] = 36 });
        Assert.Equal(("completed", "Ada"), (done.Status, done.Values.GetProperty("name").GetString()));

        // Raised before telemetry, the interrupt kept no raising span's context: its resolution has no link.
        static bool ResolvesAge(System.Diagnostics.Activity span, string age) => span.OperationName == "interlude.interrupt.resolve" && Equals(span.GetTagItem("interlude.interrupt.id"), age);
        var spans = await telemetry.SpansOfAsync("v4-thread", s => s.Any(a => ResolvesAge(a, age)));
        Assert.All(spans.Where(a => ResolvesAge(a, age)), a => Assert.Empty(a.Links));
    }

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheSixthMigration_ExistingThreadsNameNoStarter_AndTheirInterruptsStayOpenToAnyone(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var (services, open) = await UpgradedPausedApproval(database, "20261201000006_InterruptResolutions");

        await using (var check = services.CreateAsyncScope())
        {
            var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
            Assert.Null((await upgraded.Threads.SingleAsync(t => t.ThreadId == "v1-thread")).StartedBy);
            var row = await upgraded.Interrupts.SingleAsync(i => i.Id == open);
            Assert.Equal(("[]", false, (string?)null), (row.Approvers, row.FourEyes, row.StartedBy));
        }

        await using var host = await InterludeHarness.StartOnAsync(database);
        var listed = Assert.Single(await host.ClientAs("bob", "approver").ListInterruptsAsync("approval", mine: true));
        Assert.Equal((open, true, 0), (listed.Id, listed.MayAnswer, listed.Approvers.Count));
        Assert.Null((await host.Client.GetStateAsync("v1-thread"))!.StartedBy);
        var done = await host.ClientAs("bob").ResumeAsync("v1-thread", JsonValue.Create(true));
        Assert.Equal("completed", done.Status);
    }

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheEighthMigration_PutsExistingThreadsAndTheirInterruptsOnVersion1(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var (services, open) = await UpgradedPausedApproval(database, "20261201000008_ThreadAudit");

        await using (var check = services.CreateAsyncScope())
        {
            var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
            Assert.Equal(1, (await upgraded.Threads.SingleAsync(t => t.ThreadId == "v1-thread")).GraphVersion);
            Assert.Equal(1, (await upgraded.Interrupts.SingleAsync(i => i.Id == open)).GraphVersion);
        }

        await using var host = await InterludeHarness.StartOnAsync(database);
        Assert.Equal(open, Assert.Single(await host.Client.ListInterruptsAsync("approval", graphVersion: 1)).Id);
        Assert.Empty(await host.Client.ListInterruptsAsync("approval", graphVersion: 2));
        Assert.Equal(1, (await host.Client.GetStateAsync("v1-thread"))!.GraphVersion);
        var done = await host.Client.ResumeAsync("v1-thread", JsonValue.Create(true));
        Assert.Equal(("completed", 1), (done.Status, done.GraphVersion));
    }

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheEighthMigration_OpenInterruptsDeclareNoForm_AndNewOnesCarryTheirs(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var (services, open) = await UpgradedPausedApproval(database, "20261201000008_ThreadAudit");

        await using (var check = services.CreateAsyncScope())
        {
            var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
            Assert.Contains("20261201000012_AnswerForms", await upgraded.Database.GetAppliedMigrationsAsync());
            Assert.Null((await upgraded.Interrupts.SingleAsync(i => i.Id == open)).AnswerForm);
        }

        await using var host = await InterludeHarness.StartOnAsync(database);
        var listed = Assert.Single(await host.Client.ListInterruptsAsync("approval"));
        Assert.Equal((open, (Interlude.Contracts.AnswerFormInfo?)null), (listed.Id, listed.Answer));
        Assert.Equal("completed", (await host.Client.ResumeAsync("v1-thread", JsonValue.Create(true))).Status);

        await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "new" }, "v8-new");
        var fresh = Assert.Single(await host.Client.ListInterruptsAsync("approval"));
        Assert.Equal(["approve", "reject"], fresh.Answer!.Actions.Select(a => a.Name));
    }

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheTwelfthMigration_MovesRecentCommandsToTheKeyTable_AndTheirRetriesRepeatTheirOutcome(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        const string recent = """[{"Key":"answered-before","Outcome":"accepted","Message":null},{"Key":"refused-before","Outcome":"invalid-answer","Message":"Expected true or false."}]""";
        var (services, _) = await UpgradedPausedApproval(database, "20261201000012_AnswerForms", recent);

        await using (var check = services.CreateAsyncScope())
        {
            var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
            var keys = await upgraded.IdempotencyKeys.OrderBy(k => k.IdempotencyKey).ToListAsync();
            Assert.Equal(
                [("v1-thread", "answered-before", "v1-thread", (string?)null, "accepted", (string?)null), ("v1-thread", "refused-before", "v1-thread", null, "invalid-answer", "Expected true or false.")],
                keys.Select(k => (k.Scope, k.IdempotencyKey, k.ThreadId, k.RequestHash, k.Outcome, k.Message)));
            Assert.All(keys, k => Assert.Equal(RecentlyChanged, k.CreatedAt)); // the thread's last change
            var column = upgraded is SqliteInterludeDbContext
                ? "SELECT count(*) AS \"Value\" FROM pragma_table_info('threads') WHERE name = 'recent_commands'"
                : "SELECT count(*)::int AS \"Value\" FROM information_schema.columns WHERE table_name = 'threads' AND column_name = 'recent_commands'";
            Assert.Equal(0, await upgraded.Database.SqlQueryRaw<int>(column).SingleAsync());
        }

        // Their hash is unknown: a retry with either key repeats its outcome whatever its body, and applies nothing.
        await using var host = await InterludeHarness.StartOnAsync(database);
        var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync("v1-thread", JsonValue.Create(true), idempotencyKey: "refused-before"));
        Assert.Equal(("invalid-answer", "Expected true or false."), (refused.Reason, refused.Message));
        var repeat = await host.Client.ResumeAsync("v1-thread", JsonValue.Create(true), idempotencyKey: "answered-before");
        Assert.Equal("interrupted", repeat.Status);
        var done = await host.Client.ResumeAsync("v1-thread", JsonValue.Create(true), idempotencyKey: "new");
        Assert.Equal("completed", done.Status);
    }

    /// <summary>
    /// A database at <paramref name="migration"/> holding the paused approval thread <c>v1-thread</c> and its
    /// open interrupt's row, as that version wrote them (with <paramref name="recentCommands"/>, the JSON of its
    /// last commands' keys, before migration 0013), then upgraded; returns its services and the interrupt's id.
    /// </summary>
    private static async Task<(ServiceProvider Services, string Open)> UpgradedPausedApproval(TestDatabase database, string migration, string? recentCommands = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        var paused = await PausedApproval();
        var open = ThreadCheckpoint.FromJson(paused).OpenInterrupts.Single().Id;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(migration);
            await InsertThread(db, "v1-thread", "approval", "Interrupted", paused);
            await InsertInterrupt(db, "v1-thread", "approval", "approval", open, EfThreadJournal.Open, null, null, null);
            if (recentCommands is not null)
            {
                // Changed just now: keys dated from 1970 would be past their retention, and swept at start-up.
                await db.Database.ExecuteSqlRawAsync("UPDATE threads SET recent_commands = {0}, updated_at = {1} WHERE thread_id = 'v1-thread'", recentCommands, Stored(db, RecentlyChanged));
            }
        }

        await services.MigrateInterludeDatabaseAsync();
        return (services, open);
    }

    /// <summary>An interrupt row as the versions before migration 0007 wrote it (columns left out are NULL).</summary>
    private static Task<int> InsertInterrupt(InterludeDbContext db, string threadId, string graph, string node, string id, string status, DateTimeOffset? resolvedAt, string? by, string? answer)
    {
        (string Column, object? Value)[] given =
        [
            ("id", id), ("thread_id", threadId), ("graph", graph), ("node", node), ("ns", "[]"), ("when_kind", "during"), ("status", status),
            ("raised_at", Time(db)), ("resolved_at", resolvedAt is { } at ? Stored(db, at) : null), ("resolved_by", by), ("answer", answer),
        ];
        var columns = given.Where(c => c.Value is not null).ToList();

        // Column names are this method's constants; the values go as parameters.
        var sql = $"INSERT INTO interrupts ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"{{{i}}}"))})";
        return db.Database.ExecuteSqlRawAsync(sql, columns.Select(c => c.Value!));
    }

    [StoreTheory(Needs = StoreFeatures.EarlierSchemas)]
    public async Task Upgrade_FromTheFourthMigration_FillsTheRunningTasksOfExistingThreads(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        var paused = await PausedApproval();
        var running = JsonNode.Parse(paused)!;
        running["tasks"]![0]!["status"] = "running";
        running["tasks"]!.AsArray().Add(new JsonObject { ["id"] = new string('b', 32), ["node"] = "other", ["status"] = "completed" });
        running["tasks"]!.AsArray().Add(new JsonObject { ["id"] = new string('c', 32), ["node"] = "third", ["status"] = "running" });
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("20261201000004_InboxReceivedAtIndex");
            await InsertThread(db, "v4-paused", "approval", "Interrupted", paused);
            await InsertThread(db, "v4-running", "approval", "Running", running.ToJsonString());
        }

        await services.MigrateInterludeDatabaseAsync();

        await using var check = services.CreateAsyncScope();
        var upgraded = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
        Assert.Equal(string.Empty, (await upgraded.Threads.SingleAsync(t => t.ThreadId == "v4-paused")).RunningTasks);
        var ids = (await upgraded.Threads.SingleAsync(t => t.ThreadId == "v4-running")).RunningTasks.Split(' ');
        Assert.Equal([new string('c', 32), "f8682ef20b43b3a458c18acf91570d86"], ids.Order());
    }

    /// <summary>A whole second (every database keeps it exactly) a moment ago.</summary>
    private static readonly DateTimeOffset RecentlyChanged = new(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static Task<string> PausedApproval() =>
        File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1-paused-approval.json"));

    /// <summary>A thread row as the versions before the running task ids wrote it.</summary>
    private static Task<int> InsertThread(InterludeDbContext db, string threadId, string graph, string state, string checkpoint) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO threads (correlation_id, thread_id, graph, current_state, version, checkpoint, created_at, updated_at) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})",
            Interlude.Client.ThreadIdentity.ToGuid(threadId), threadId, graph, state, 3, checkpoint, Time(db), Time(db));

    /// <summary>A creation time as the provider stores it (ticks on SQLite, timestamptz on PostgreSQL).</summary>
    private static object Time(InterludeDbContext db) => Stored(db, DateTimeOffset.UnixEpoch);

    private static object Stored(InterludeDbContext db, DateTimeOffset time) => db is SqliteInterludeDbContext ? time.UtcTicks : time;
}
