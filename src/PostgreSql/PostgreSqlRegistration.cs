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
        return builder.UseDatabase<PostgresInterludeDbContext>(
            provider => new PostgresDialect(Schema(provider)),
            (provider, options) =>
            {
                // Unqualified names (EF's and the claim statements') resolve in the configured schema.
                var connection = new NpgsqlConnectionStringBuilder(connectionString);
                if (Schema(provider) is { } schema)
                {
                    connection.SearchPath = schema;
                }

                options.UseNpgsql(connection.ConnectionString);
            });
    }

    private static string? Schema(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InterludeOptions>>().Value.Database.Schema is { Length: > 0 } schema ? schema : null;
}
