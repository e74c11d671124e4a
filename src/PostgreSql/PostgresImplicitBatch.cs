using System.Data.Common;
using Interlude.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Interlude.PostgreSql;

/// <summary>
/// A thread message's SaveChanges as one round trip, its commit included: EF Core's batch goes out as one
/// command with no BEGIN or COMMIT, which PostgreSQL runs as one implicit transaction, so any error in it
/// (a redelivery's inbox row) leaves nothing. A version-checked UPDATE that matches no row is no error,
/// though: the command ends with a check that fails it unless this very transaction wrote the thread's
/// row (the row's <c>xmin</c> is the transaction's id), so a thread another host changed meanwhile commits nothing.
/// </summary>
internal sealed class PostgresImplicitBatch : DbCommandInterceptor
{
    /// <summary>Above this many changed rows the batch takes an explicit transaction: EF Core would split it into several commands.</summary>
    private const int MaxChanges = 500;

    private const string ThreadParameter = "interlude_updated_thread";

    // The CASE depends on count(*), so PostgreSQL evaluates the failing cast only when the row was not written.
    private const string VersionCheck =
        $"SELECT (CASE count(*) WHEN 1 THEN '1' ELSE 'interlude: the thread changed since it was read (version conflict)' END)::int " +
        $"FROM threads WHERE correlation_id = @{ThreadParameter} AND xmin = pg_current_xact_id()::xid";

    private static readonly AsyncLocal<Pending?> Current = new();

    public static PostgresImplicitBatch Instance { get; } = new();

    /// <summary>Runs <paramref name="write"/> (one SaveChanges) as one command in an implicit transaction.</summary>
    public static async Task Save(InterludeDbContext db, Guid? updatedThread, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (Changes(tracker) > MaxChanges)
            {
                await ThreadTransaction.Run(db, () => write(cancellationToken), cancellationToken);
                return;
            }

            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            Current.Value = new Pending(updatedThread);
            await write(cancellationToken);
        }
        finally
        {
            Current.Value = null;
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
            tracker.AutoDetectChangesEnabled = true;
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Complete(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Complete(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Complete(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Complete(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static int Changes(ChangeTracker tracker)
    {
        var changes = 0;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>Adds the version check to the batch's one command; a second command would commit apart, so it is refused.</summary>
    private static void Complete(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges || Current.Value is not { } pending)
        {
            return;
        }

        if (pending.Sent)
        {
            throw new InvalidOperationException("A thread's write batch must reach PostgreSQL as one command (one implicit transaction), but EF Core split it.");
        }

        pending.Sent = true;
        if (pending.UpdatedThread is { } thread)
        {
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + ";\n" + VersionCheck + ";";
            command.Parameters.Add(new NpgsqlParameter(ThreadParameter, thread));
        }
    }

    private sealed class Pending(Guid? updatedThread)
    {
        public Guid? UpdatedThread { get; } = updatedThread;

        public bool Sent { get; set; }
    }
}
