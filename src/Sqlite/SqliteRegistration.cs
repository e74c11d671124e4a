using Interlude;
using Interlude.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Interlude on SQLite.</summary>
public static class SqliteRegistration
{
    /// <summary>
    /// Keeps threads, the interrupt inbox, the outbox and the schedule in a SQLite file, for example
    /// <c>Data Source=threads.db</c>. One host at a time should write to one file.
    /// </summary>
    public static InterludeBuilder UseSqlite(this InterludeBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseDatabase<SqliteInterludeDbContext>(
            _ => new SqliteDialect(connectionString),
            (_, options) => options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance, WriterStatementReuse.Instance));
    }
}
