using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// SQLite's group commit: the batches of concurrent messages commit together on one writer connection,
/// a batch that fails (here a redelivery's inbox row) fails alone and leaves nothing, and the others of
/// its group are stored.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    private const string Consumer = "group-commit-test";

    [Fact]
    public async Task ConcurrentBatches_CommitTogether_AndAFailingBatchFailsAlone()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        await using var services = Build(database);
        await services.MigrateInterludeDatabaseAsync();
        var dialect = services.GetRequiredService<IDatabaseDialect>();
        var received = Guid.NewGuid();
        await Commit(services, dialect, received);

        // The first batch holds the writer until released, so the next ones queue and share one commit behind it.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Guid.NewGuid();
        var holding = Commit(services, dialect, first, entered, release.Task);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var others = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        var committing = others.Take(5).Select(id => Commit(services, dialect, id)).ToList();
        var redelivery = Commit(services, dialect, received);
        committing.AddRange(others.Skip(5).Select(id => Commit(services, dialect, id)));
        release.SetResult();

        await holding;
        await Task.WhenAll(committing);
        await Assert.ThrowsAsync<DbUpdateException>(() => redelivery);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var stored = await db.Inbox.Where(r => r.Consumer == Consumer).Select(r => r.MessageId).ToListAsync();
        Assert.Equal(new[] { received, first }.Concat(others).Order(), stored.Order());
    }

    [Fact]
    public async Task ABatchCancelledWhileQueued_IsCancelled_AndWritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        await using var services = Build(database);
        await services.MigrateInterludeDatabaseAsync();
        var dialect = services.GetRequiredService<IDatabaseDialect>();

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = Commit(services, dialect, Guid.NewGuid(), entered, release.Task);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var cancel = new CancellationTokenSource();
        var cancelled = Guid.NewGuid();
        var queued = Commit(services, dialect, cancelled, cancellationToken: cancel.Token);
        cancel.Cancel();
        release.SetResult();

        await holding;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        Assert.False(await db.Inbox.AnyAsync(r => r.MessageId == cancelled));
        Assert.Equal(1, await db.Inbox.CountAsync(r => r.Consumer == Consumer));
    }

    private static ServiceProvider Build(TestDatabase database) =>
        new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider();

    /// <summary>One batch: an inbox row, saved through the dialect as a thread message's batch is.</summary>
    private static async Task Commit(IServiceProvider services, IDatabaseDialect dialect, Guid messageId, TaskCompletionSource? entered = null, Task? hold = null, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        db.Inbox.Add(new InboxRow { MessageId = messageId, Consumer = Consumer, ReceivedAt = DateTimeOffset.UtcNow });
        await dialect.CommitBatch(
            db,
            new BatchShape(SingleSave: true, UpdatedThread: null),
            async token =>
            {
                entered?.SetResult();
                if (hold is not null)
                {
                    await hold;
                }

                await db.SaveChangesAsync(token);
            },
            cancellationToken);
    }
}
