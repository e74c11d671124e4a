using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Interlude.Sagas.Persistence;

/// <summary>The database providers Interlude runs on. Everything provider-specific lives in this folder.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>SQLite, the embedded default: a file beside the host, in WAL mode with a busy timeout.</summary>
public sealed class SqliteInterludeDbContext(DbContextOptions<SqliteInterludeDbContext> options) : InterludeDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset text; as UTC ticks it can, at full precision.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>Stores a time as its UTC ticks (every time Interlude writes is UTC).</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>PostgreSQL: the real server for scale-out.</summary>
public sealed class PostgresInterludeDbContext(DbContextOptions<PostgresInterludeDbContext> options) : InterludeDbContext(options);

/// <summary>Configures a provider's DbContext options.</summary>
public static class DatabaseProviders
{
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance);
                break;
            case DatabaseProvider.PostgreSQL:
                options.UseNpgsql(connectionString);
                break;
        }

        // Migrations are written by hand (no design-time package), so there is no model snapshot to compare.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public static Type ContextType(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => typeof(SqliteInterludeDbContext),
        _ => typeof(PostgresInterludeDbContext),
    };

    /// <summary>
    /// The oldest outbox rows created before <paramref name="cutoff"/>, claimed for this transaction:
    /// on PostgreSQL rows another host has claimed are skipped; SQLite serialises writers itself.
    /// </summary>
    public static IQueryable<OutboxRow> ClaimOutboxBatch(InterludeDbContext db, DateTimeOffset cutoff, int size) =>
        db is PostgresInterludeDbContext
            ? db.Outbox.FromSqlInterpolated(
                $"SELECT * FROM outbox_messages WHERE created_at < {cutoff} ORDER BY sequence_number LIMIT {size} FOR UPDATE SKIP LOCKED")
            : db.Outbox.Where(o => o.CreatedAt < cutoff).OrderBy(o => o.SequenceNumber).Take(size);

    /// <summary>
    /// The scheduled messages due at <paramref name="now"/>, earliest first, claimed for this transaction:
    /// on PostgreSQL rows another host has claimed are skipped, so each is sent by one host; SQLite
    /// serialises writers itself.
    /// </summary>
    public static IQueryable<ScheduledMessageRow> ClaimDueScheduledMessages(InterludeDbContext db, DateTimeOffset now, int size) =>
        db is PostgresInterludeDbContext
            ? db.ScheduledMessages.FromSqlInterpolated(
                $"SELECT * FROM scheduled_messages WHERE due_at <= {now} ORDER BY due_at LIMIT {size} FOR UPDATE SKIP LOCKED")
            : db.ScheduledMessages.Where(s => s.DueAt <= now).OrderBy(s => s.DueAt).Take(size);

    /// <summary>True when the error is a unique-key violation (a concurrent insert of the same row).</summary>
    public static bool IsUniqueViolation(Exception exception) => exception.GetBaseException() switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

/// <summary>Per-connection SQLite settings: wait for a busy writer, and durable-enough commits in WAL mode.</summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
    }
}
