using Interlude.EntityFrameworkCore;
using Interlude.EntityFrameworkCore.Outbox;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Threads;
using Interlude.SqlServer;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Interlude.Workers.Tests;

/// <summary>
/// Interlude.SqlServer without a server: its EF Core model, its migrations, and the SQL of every query
/// and statement it runs, checked with SQL Server's own T-SQL parser. On a real server the scenario
/// suite runs too (<see cref="TestStores"/>, INTERLUDE_TEST_SQLSERVER).
/// </summary>
public sealed class SqlServerProviderTests
{
    /// <summary>Never reached: these tests open no connection, or one that <see cref="SqlCapture"/> suppresses.</summary>
    private const string NoServer = "Server=127.0.0.1,1;Database=interlude;User Id=sa;Password=unused;TrustServerCertificate=True;Connect Timeout=1";

    [Fact]
    public void Model_OnSqlServer_ValidatesWithSqlServerColumnTypes()
    {
        using var services = Services();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();

        var tables = db.Model.GetRelationalModel().Tables.ToDictionary(t => t.Name);
        var threads = tables["threads"];

        Assert.IsType<SqlServerInterludeDbContext>(db);
        Assert.Equal(
            ["checkpoints", "idempotency_keys", "inbox", "interrupt_resolutions", "interrupts", "outbox_messages", "scheduled_messages", "threads"],
            tables.Keys.Order());
        Assert.Equal("uniqueidentifier", threads.FindColumn("correlation_id")!.StoreType);
        Assert.Equal("nvarchar(64)", threads.FindColumn("thread_id")!.StoreType);
        Assert.Equal("nvarchar(max)", threads.FindColumn("checkpoint")!.StoreType);
        Assert.Equal("datetimeoffset", threads.FindColumn("created_at")!.StoreType);
        Assert.Equal("datetime2", tables["outbox_messages"].FindColumn("sent_time")!.StoreType);
        Assert.True(db.Model.FindEntityType(typeof(GraphThreadState))!.FindProperty(nameof(GraphThreadState.Version))!.IsConcurrencyToken);
    }

    [Fact]
    public void Migrations_OnSqlServer_CreateTheModelsTablesKeysAndIndexes()
    {
        using var services = Services();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();

        var migrated = TSqlSchema.Of(db.GetService<IMigrator>().GenerateScript());
        var model = TSqlSchema.Of(db.Database.GenerateCreateScript());

        Assert.Equal(model, migrated);
        Assert.Contains("threads.checkpoint nvarchar(max) not null", migrated);
        Assert.Contains("threads unique index ix_threads_thread_id (thread_id)", migrated);
        Assert.Contains("interrupt_resolutions.sequence_number bigint not null identity", migrated);
    }

    [Fact]
    public void MigrationScripts_OnSqlServer_ParseAsTSql()
    {
        using var services = Services();
        using var scope = services.CreateScope();
        var migrator = scope.ServiceProvider.GetRequiredService<InterludeDbContext>().GetService<IMigrator>();

        TSql.Parse(migrator.GenerateScript());
        TSql.Parse(migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
    }

    [Fact]
    public void MigrationLockStatements_ParseAsTSql()
    {
        var statements = TSql.Parse(SqlServerStatements.LockMigrations).Batches.Single().Statements;
        TSql.Parse(SqlServerStatements.UnlockMigrations);

        Assert.Equal([typeof(DeclareVariableStatement), typeof(ExecuteStatement), typeof(IfStatement)], statements.Select(s => s.GetType()));
    }

    /// <summary>
    /// Runs the provider's own code on a connection that never opens (<see cref="SqlCapture"/>): the saga
    /// repository's compiled queries, a message's batch, the journal's reads, the scheduler, the outbox
    /// sweeper and cleaner, recovery and the migration; every command they send must be valid T-SQL.
    /// </summary>
    [Fact]
    public async Task EveryCommandTheProviderSends_ParsesAsTSql()
    {
        var capture = new SqlCapture();
        await using var services = Services(capture);

        await Exercise(services);

        var commands = capture.Commands;
        Assert.All(commands, sql => TSql.Parse(sql));
        Assert.Equal(2, commands.Count(c => c.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", StringComparison.Ordinal)));
        Assert.Contains(commands, c => c.Contains("sp_getapplock @Resource = N'Interlude.Migrations'", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("sp_releaseapplock @Resource = N'Interlude.Migrations'", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("UPDATE [threads] SET", StringComparison.Ordinal) && c.Contains("AND [version] = @", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("INSERT INTO [outbox_messages]", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("CREATE TABLE [threads]", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("INSERT INTO [scheduled_messages]", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("DELETE", StringComparison.Ordinal) && c.Contains("FROM [interrupt_resolutions] AS", StringComparison.Ordinal) && c.Contains("NOT EXISTS", StringComparison.Ordinal));
        Assert.Equal(2, commands.Count(c => c.StartsWith("DELETE", StringComparison.Ordinal) && c.Contains("FROM [scheduled_messages] AS [s]", StringComparison.Ordinal)));
    }

    [SqlServerFact]
    [Trait("Category", "Integration")]
    public async Task Migrate_TwoHostsOnAServerWithoutTheDatabase_OneCreatesIt_AndTheSchemaIsMigratedOnce()
    {
        await using var database = TestDatabase.OnSqlServer();
        await using var first = Services(database.ConnectionString);
        await using var second = Services(database.ConnectionString);

        await Task.WhenAll(first.MigrateInterludeDatabaseAsync(), second.MigrateInterludeDatabaseAsync());

        await using var scope = first.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        Assert.Equal(["20261201000006_Initial"], await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Threads.ToListAsync());
    }

    /// <summary>The provider's operations, each run for the SQL it sends: with no rows coming back, EF Core may stop after sending it.</summary>
    private static async Task Exercise(IServiceProvider services)
    {
        var hosted = services.GetServices<IHostedService>().ToList();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<InterludeDbContext>();
        var queries = provider.GetRequiredService<CompiledQueries>();
        var journal = provider.GetRequiredService<IThreadJournal>();
        var schedule = provider.GetRequiredService<IScheduledMessageStore>();
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var none = CancellationToken.None;
        var thread = new GraphThreadState { CorrelationId = id, ThreadId = "t", Graph = "g", CurrentState = "Running", Checkpoint = "{}", CreatedAt = now, UpdatedAt = now };
        Func<Task>[] operations =
        [
            () => queries.TrackedThread(db, id, none),
            () => queries.Thread(db, id, none),
            () => queries.RunningTasks(db, id, none),
            () => queries.InboxHas(db, id, "consumer", none),
            () => journal.History("t", none),
            () => journal.Checkpoint("t", "c", none),
            () => journal.Resolutions("t", ["i"], none),
            () => journal.Pending(null, null, 1, 50, null, none),
            () => journal.Pending("approval", null, 2, 50, null, none),
            () => journal.Pending("approval", 2, 1, 50, null, none),
            () => journal.Pending(null, null, 1, 50, new InboxCaller("bob", ["approver", "cfo"]), none),
            () => journal.Pending(null, null, 1, 50, new InboxCaller(null, []), none),
            () =>
            {
                // A message's batch: new rows of every table.
                db.Threads.Add(thread);
                db.Inbox.Add(new InboxRow { MessageId = id, Consumer = "consumer", ReceivedAt = now });
                db.Checkpoints.Add(new CheckpointRow { ThreadId = "t", CheckpointId = "c", Source = "input", State = "{}", CreatedAt = now });
                db.Interrupts.Add(new InterruptRow { Id = "i", ThreadId = "t", Graph = "g", Node = "n", Ns = "[]", When = "during", Status = "open", RaisedAt = now });
                db.InterruptResolutions.Add(new InterruptResolutionRow { ThreadId = "t", InterruptId = "i", Outcome = "answered", ResolvedAt = now });
                db.Outbox.Add(new OutboxRow { DestinationAddress = "loopback://localhost/x", ContentType = "application/json", MessageType = "urn:message:x", Body = "{}", CreatedAt = now });
                return db.SaveChangesAsync();
            },
            () =>
            {
                // The next message's: the thread row, checked against the version it was loaded with.
                db.ChangeTracker.Clear();
                db.Threads.Attach(thread);
                thread.Version++;
                thread.Checkpoint = "{\"step\":1}";
                return db.SaveChangesAsync();
            },
            () => schedule.Add(new ScheduledMessageRow { TokenId = id, DueAt = now, DestinationAddress = "loopback://localhost/x", ContentType = "application/json", MessageType = "urn:message:x", Body = "{}", CreatedAt = now }, none),
            () => schedule.Cancel(id, none),
            () => schedule.NextDueAt(none),
            () => schedule.CountWaiting(none),
            () => schedule.DispatchDue(now, 10, _ => Task.CompletedTask, none),
            () => hosted.OfType<OutboxSweeper>().Single().SweepOnce(none),
            () => hosted.OfType<ThreadRecovery>().Single().RedispatchRunningThreads(now, none),
            () => provider.GetRequiredService<IThreadStore>().PurgeFinished(provider, now, 10, none),
            () => FinishedThreadPurge.Delete(db, ["t"], now, none),
            () =>
            {
                services.GetRequiredService<DeliveredOutboxRows>().Add([1, 2]);
                return hosted.OfType<OutboxCleaner>().Single().StopAsync(none);
            },
            async () =>
            {
                // A message's write batch through the dialect: a cancelled schedule's delete, then its tracked rows (the batch stays open: last but the migration).
                var batch = provider.GetRequiredService<ThreadWriteBatch>();
                batch.Begin();
                db.Inbox.Add(new InboxRow { MessageId = Guid.NewGuid(), Consumer = "consumer", ReceivedAt = now });
                await schedule.Cancel(Guid.NewGuid(), none);
                await batch.Save(none);
            },
            () => services.MigrateInterludeDatabaseAsync(),
        ];
        foreach (var operation in operations)
        {
            db.ChangeTracker.Clear();
            try
            {
                await operation();
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                // No rows came back where EF Core expected some; the command was sent.
            }
        }
    }

    private static ServiceProvider Services(SqlCapture? capture = null) => Services(NoServer, capture);

    private static ServiceProvider Services(string connectionString, SqlCapture? capture = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddInterlude(interlude => interlude.UseSqlServer(connectionString));
        if (capture is not null)
        {
            services.ConfigureDbContext<SqlServerInterludeDbContext>(options => options.AddInterceptors(capture.Interceptors));
        }

        services.AddMassTransit(bus =>
        {
            bus.AddInterlude();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
        return services.BuildServiceProvider();
    }
}
