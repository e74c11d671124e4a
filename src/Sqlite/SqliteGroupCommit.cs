using System.Threading.Channels;
using Interlude.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Interlude.Sqlite;

/// <summary>
/// Group commit: SQLite takes one writer at a time and a durable commit costs an fsync, so the batches
/// of concurrent thread messages are written one after another on one writer connection, each in a
/// savepoint of its own, and committed together. A batch that fails (a redelivery's inbox row, another
/// host's newer version) rolls back to its savepoint and fails alone; a failed commit fails the group.
/// A message is acknowledged only after the commit that holds its batch.
/// </summary>
internal sealed class SqliteGroupCommit(string connectionString) : IAsyncDisposable, IDisposable
{
    /// <summary>At most this many batches share a commit, so that one commit never waits on too many.</summary>
    private const int MaxGroup = 64;

    private readonly Channel<Member> queue = Channel.CreateUnbounded<Member>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock starting = new();
    private Task? writer;

    /// <summary>Queues a batch for the next group; completes once the group that holds it has committed.</summary>
    public Task Commit(InterludeDbContext db, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var member = new Member(db, write, cancellationToken);
        EnsureWriter();
        if (!queue.Writer.TryWrite(member))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), "The host is stopping: no more thread batches are written.");
        }

        return member.Done.Task;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer is { } running)
        {
            await running.ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is queued, then stops (a container disposed synchronously waits for it).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void EnsureWriter()
    {
        if (writer is not null)
        {
            return;
        }

        lock (starting)
        {
            writer ??= Task.Run(Write);
        }
    }

    private async Task Write()
    {
        await using var connection = new SqliteWriterConnection(connectionString);
        var group = new List<Member>(MaxGroup);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var member))
            {
                group.Add(member);
            }

            await CommitGroup(connection, group).ConfigureAwait(false);
            group.Clear();
        }
    }

    private static async Task CommitGroup(SqliteConnection connection, List<Member> group)
    {
        var written = new List<Member>(group.Count);
        try
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync().ConfigureAwait(false);
                SqliteConnectionSettings.Apply(connection);
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            foreach (var member in group)
            {
                if (await member.WriteIn(connection, transaction).ConfigureAwait(false))
                {
                    written.Add(member);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing of the group is stored: every batch not already refused fails with the reason.
            foreach (var member in group)
            {
                member.Done.TrySetException(e);
            }

            await connection.CloseAsync().ConfigureAwait(false);
            return;
        }

        foreach (var member in written)
        {
            member.Done.TrySetResult();
        }
    }

    private sealed class Member(InterludeDbContext db, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        private const string Savepoint = "batch";

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Runs the batch on the writer's connection in a savepoint; false when it failed (and was rolled back alone).</summary>
        public async Task<bool> WriteIn(SqliteConnection connection, SqliteTransaction transaction)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Done.TrySetCanceled(cancellationToken);
                return false;
            }

            await transaction.SaveAsync(Savepoint, CancellationToken.None).ConfigureAwait(false);
            var database = db.Database;
            var own = database.GetConnectionString();
            try
            {
                database.SetDbConnection(connection);
                await database.UseTransactionAsync(transaction, CancellationToken.None).ConfigureAwait(false);
                await write(cancellationToken).ConfigureAwait(false);
                await transaction.ReleaseAsync(Savepoint, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (Exception e)
            {
                await transaction.RollbackAsync(Savepoint, CancellationToken.None).ConfigureAwait(false);
                Done.TrySetException(e);
                return false;
            }
            finally
            {
                // The context goes back to a connection of its own (a new one from the pool) for its reads.
                await database.UseTransactionAsync(null, CancellationToken.None).ConfigureAwait(false);
                database.SetDbConnection(null, contextOwnsConnection: true);
                database.SetConnectionString(own);
            }
        }
    }
}
