using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// On PostgreSQL a thread message's batch is one command in one implicit transaction: when the thread
/// row changed since it was read (another host's newer version), the version check fails the command
/// and nothing of it is stored, the inbox and outbox rows included; a current version commits it all.
/// </summary>
public sealed class PostgresImplicitBatchTests
{
    private const string Consumer = "implicit-batch-test";

    [Fact]
    public async Task StaleVersion_CommitsNothing_CurrentVersion_CommitsEverything()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();
        await services.MigrateInterludeDatabaseAsync();
        var dialect = services.GetRequiredService<IDatabaseDialect>();
        var thread = Guid.NewGuid();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            db.Threads.Add(new GraphThreadState { CorrelationId = thread, ThreadId = "implicit", Graph = "g", CurrentState = "Interrupted", Checkpoint = "{}", Version = 1 });
            await db.SaveChangesAsync();
        }

        // Two messages read version 1; the first commits version 2, so the second's batch is stale.
        await using var first = services.CreateAsyncScope();
        await using var second = services.CreateAsyncScope();
        var winner = first.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var loser = second.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var winning = await winner.Threads.SingleAsync(t => t.CorrelationId == thread);
        var losing = await loser.Threads.SingleAsync(t => t.CorrelationId == thread);

        var won = Guid.NewGuid();
        await Commit(dialect, winner, winning, "won", won);
        var lost = Guid.NewGuid();
        await Assert.ThrowsAnyAsync<Exception>(() => Commit(dialect, loser, losing, "lost", lost));

        await using var check = services.CreateAsyncScope();
        var db2 = check.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var stored = await db2.Threads.AsNoTracking().SingleAsync(t => t.CorrelationId == thread);
        Assert.Equal((2, "won"), (stored.Version, stored.Graph));
        Assert.Equal([won], await db2.Inbox.Where(r => r.Consumer == Consumer).Select(r => r.MessageId).ToListAsync());
        Assert.False(await db2.Outbox.AnyAsync(o => o.MessageId == lost));
        Assert.True(await db2.Outbox.AnyAsync(o => o.MessageId == won));
    }

    /// <summary>A message's batch as the thread endpoint writes it: the version-checked thread update, its inbox row and an outbox row.</summary>
    private static Task Commit(IDatabaseDialect dialect, InterludeDbContext db, GraphThreadState thread, string graph, Guid messageId)
    {
        thread.Graph = graph;
        thread.Version++;
        db.Inbox.Add(new InboxRow { MessageId = messageId, Consumer = Consumer, ReceivedAt = DateTimeOffset.UtcNow });
        db.Outbox.Add(new OutboxRow { MessageId = messageId, DestinationAddress = "loopback://localhost/test", SentTime = DateTime.UtcNow, Body = "{}", ContentType = "application/json", MessageType = "urn:test", CreatedAt = DateTimeOffset.UtcNow });
        return dialect.CommitBatch(db, new BatchShape(SingleSave: true, UpdatedThread: thread.CorrelationId), token => db.SaveChangesAsync(token), CancellationToken.None);
    }
}
