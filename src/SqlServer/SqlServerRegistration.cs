using Interlude;
using Interlude.SqlServer;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Interlude on SQL Server.</summary>
public static class SqlServerRegistration
{
    /// <summary>
    /// Keeps threads, the interrupt inbox, the outbox and the schedule in SQL Server. Several hosts may
    /// share the database; it is created at start-up when missing.
    /// </summary>
    public static InterludeBuilder UseSqlServer(this InterludeBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // No EnableRetryOnFailure: its retrying execution strategy refuses the transactions Interlude
        // begins itself (a claim, a message's write batch, the migration lock) unless each is replayed
        // whole inside the strategy, and a batch whose commit failed cannot be replayed from EF Core's
        // change tracker alone. As on PostgreSQL, a transient error fails the unit that can be run again
        // from its start instead: a thread message is retried by the thread endpoint's message retry (a
        // fresh load and batch; its inbox row makes a commit that did land a no-op), and a claim by the
        // scheduler's or sweeper's next poll. SqlClient still reconnects a broken idle connection itself.
        return builder.UseDatabase<SqlServerInterludeDbContext>(
            _ => new SqlServerDialect(),
            (_, options) => options.UseSqlServer(connectionString));
    }
}
