using System.Data.Common;
using System.Net.Sockets;
using Interlude.EntityFrameworkCore;
using Interlude.Sagas.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Interlude.SqlServer;

/// <summary>
/// SQL Server: a claim locks the rows it reads for its transaction and skips those another host holds
/// (<c>UPDLOCK, READPAST, ROWLOCK</c>), and an application lock (<c>sp_getapplock</c>) lets one of several
/// starting hosts migrate while the others wait, then find nothing to apply.
/// </summary>
internal sealed class SqlServerDialect : IDatabaseDialect
{
    /// <summary>SQL Server's "database already exists": another host created it first.</summary>
    private const int DatabaseExists = 1801;

    /// <summary>
    /// Errors that say the server is out of reach for now, or that the same work may succeed when tried
    /// again: -2 timeout, 20 and 53 instance or network path not found, 64 and 121 network name or link
    /// gone, 233 no process on the other end, 1205 deadlock victim, 4060 database not open (recovering),
    /// 10053, 10054, 10060 and 10061 connection aborted, reset, timed out or refused, and Azure SQL's
    /// throttling and failover (10928, 10929, 40197, 40501, 40613). SqlClient says none is transient itself.
    /// </summary>
    private static readonly HashSet<int> TransientNumbers = [-2, 20, 53, 64, 121, 233, 1205, 4060, 10053, 10054, 10060, 10061, 10928, 10929, 40197, 40501, 40613];

    public IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size) =>
        db.Outbox.FromSqlInterpolated(
            $"SELECT TOP ({size}) * FROM outbox_messages WITH (UPDLOCK, READPAST, ROWLOCK) WHERE created_at < {cutoff} ORDER BY sequence_number");

    public IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size) =>
        db.ScheduledMessages.FromSqlInterpolated(
            $"SELECT TOP ({size}) * FROM scheduled_messages WITH (UPDLOCK, READPAST, ROWLOCK) WHERE due_at <= {now} ORDER BY due_at");

    /// <summary>
    /// EF Core's own batching, without savepoints: each message's batch commits on its own; a single
    /// SaveChanges brings its own transaction (no hand-written batch as on PostgreSQL until a server can measure one).
    /// </summary>
    public Task CommitBatch(InterludeDbContext db, BatchShape shape, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        shape.SingleSave ? write(cancellationToken) : ThreadTransaction.Run(db, () => write(cancellationToken), cancellationToken);

    /// <summary>A listed error number, or a connection the transport broke (a socket or I/O error beneath it).</summary>
    public bool IsTransient(DbException exception) =>
        exception is SqlException sql
            ? sql.Errors.Cast<SqlError>().Any(e => TransientNumbers.Contains(e.Number)) || sql.InnerException is SocketException or IOException
            : exception.IsTransient;

    public async Task MigrateAsync(InterludeDbContext db, CancellationToken cancellationToken)
    {
        await CreateDatabaseIfMissing(db, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync(SqlServerStatements.LockMigrations, cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(SqlServerStatements.UnlockMigrations, CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A new server has no Interlude database yet (the container image makes none): create it, as EF Core's own migrate would.</summary>
    private static async Task CreateDatabaseIfMissing(InterludeDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (SqlException e) when (e.Number == DatabaseExists)
        {
        }
    }
}
