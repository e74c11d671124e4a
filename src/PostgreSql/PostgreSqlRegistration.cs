using System.Data.Common;
using Interlude;
using Interlude.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Interlude on PostgreSQL.</summary>
public static class PostgreSqlRegistration
{
    /// <summary>
    /// Keeps threads, the interrupt inbox, the outbox and the schedule in PostgreSQL. Several hosts may
    /// share the database. With <c>Interlude:Database:Schema</c> the tables live in that schema (created when missing).
    /// </summary>
    public static InterludeBuilder UsePostgreSql(this InterludeBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Built once, on the first context: options are fixed by then, and a context is made per message.
        string? effective = null;
        return builder.UseDatabase<PostgresInterludeDbContext>(
            provider => new PostgresDialect(Schema(provider)),
            (provider, options) => options.UseNpgsql(effective ??= Effective(connectionString, Schema(provider))).AddInterceptors(PostgresImplicitBatch.Instance)
                // The implicit batch's version check ends the command with a result set EF Core does not read.
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.UnexpectedTrailingResultSetWhenSaving)));
    }

    /// <summary>
    /// The connection string Interlude's contexts use. Unqualified names (EF Core's and the claim
    /// statements') resolve in <paramref name="schema"/> when one is set. Unless the caller chose
    /// otherwise, the statements every message runs are prepared once per connection, and a connection
    /// going back to the pool keeps them (no <c>DISCARD ALL</c>: Interlude leaves no session state behind).
    /// </summary>
    private static string Effective(string connectionString, string? schema)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var effective = new NpgsqlConnectionStringBuilder(connectionString);
        if (schema is not null)
        {
            effective.SearchPath = schema;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            effective.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            effective.MaxAutoPrepare = 64;
        }

        return effective.ConnectionString;
    }

    private static string? Schema(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InterludeOptions>>().Value.Database.Schema is { Length: > 0 } schema ? schema : null;
}
