using Interlude;
using Interlude.PostgreSql;
using Microsoft.EntityFrameworkCore;
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
            (provider, options) => options.UseNpgsql(effective ??= WithSchema(connectionString, Schema(provider))));
    }

    /// <summary>Unqualified names (EF Core's and the claim statements') resolve in <paramref name="schema"/> when one is set.</summary>
    private static string WithSchema(string connectionString, string? schema) =>
        schema is null ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;

    private static string? Schema(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InterludeOptions>>().Value.Database.Schema is { Length: > 0 } schema ? schema : null;
}
