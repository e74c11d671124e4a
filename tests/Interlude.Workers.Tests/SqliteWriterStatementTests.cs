using System.Data.Common;
using Interlude.Sagas.Persistence;
using Interlude.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// The group commit's writer keeps its prepared statements: a batch whose SQL it ran before runs on the
/// same prepared command, a batch that fails leaves that command usable, and a reopened writer prepares
/// again on its new handle instead of running statements of the old one.
/// </summary>
public sealed class SqliteWriterStatementTests
{
    [Fact]
    public async Task RepeatedBatches_RunOnOnePreparedCommand_AcrossFailuresAndReopening()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        await using (var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddInterlude(database.Use).BuildServiceProvider())
        {
            await services.MigrateInterludeDatabaseAsync();
        }

        var executed = new ExecutedCommands();
        await using var writer = new SqliteWriterConnection(database.ConnectionString);
        await writer.OpenAsync();
        var options = new DbContextOptionsBuilder<SqliteInterludeDbContext>()
            .UseSqlite(writer)
            .AddInterceptors(WriterStatementReuse.Instance, executed)
            .Options;

        var first = Guid.NewGuid();
        await Insert(options, writer, first);
        await Insert(options, writer, Guid.NewGuid());
        Assert.Equal(2, executed.Commands.Count);
        Assert.Same(executed.Commands[0], executed.Commands[1]);

        // A redelivery's inbox row fails on the prepared command; the next batch runs on it again.
        await Assert.ThrowsAsync<DbUpdateException>(() => Insert(options, writer, first));
        var afterFailure = Guid.NewGuid();
        await Insert(options, writer, afterFailure);
        Assert.Same(executed.Commands[0], executed.Commands[^1]);

        await writer.CloseAsync();
        await writer.OpenAsync();
        var afterReopen = Guid.NewGuid();
        await Insert(options, writer, afterReopen);
        Assert.NotSame(executed.Commands[0], executed.Commands[^1]);

        await using var reader = new SqliteInterludeDbContext(new DbContextOptionsBuilder<SqliteInterludeDbContext>().UseSqlite(database.ConnectionString).Options);
        var stored = await reader.Inbox.Where(r => r.Consumer == Consumer).Select(r => r.MessageId).ToListAsync();
        Assert.Equal(4, stored.Count);
        Assert.Contains(first, stored);
        Assert.Contains(afterFailure, stored);
        Assert.Contains(afterReopen, stored);
    }

    private const string Consumer = "writer-statement-test";

    /// <summary>One batch, as the group commit writes it: an inbox row saved in a transaction on the writer.</summary>
    private static async Task Insert(DbContextOptions<SqliteInterludeDbContext> options, SqliteWriterConnection writer, Guid messageId)
    {
        await using var db = new SqliteInterludeDbContext(options);
        await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync();
        await db.Database.UseTransactionAsync(transaction);
        db.Inbox.Add(new InboxRow { MessageId = messageId, Consumer = Consumer, ReceivedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The commands EF Core ran its batches on.</summary>
    private sealed class ExecutedCommands : DbCommandInterceptor
    {
        public List<DbCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command);
            return ValueTask.FromResult(result);
        }
    }
}
