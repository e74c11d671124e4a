using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Interlude.Sqlite;

/// <summary>
/// Per-connection SQLite settings: WAL, a writer waits for a busy one, and an acknowledged commit is on
/// disk (synchronous=FULL: with NORMAL, a power loss could lose the last commits in WAL mode). Temporary
/// data stays in memory: each batch of a group commit is a savepoint, whose undo journal SQLite would
/// otherwise write to a temporary file created and deleted per transaction (it is never needed after a
/// crash: the WAL is the durable record).
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Pooled physical connections keep their settings: they are applied once per SQLite handle, not on every open.
    private static readonly ConditionalWeakTable<object, object> Configured = new();

    /// <summary>Applies the settings to an open connection once per SQLite handle (also to one that EF Core did not open).</summary>
    public static void Apply(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle;
        if (handle is null || Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;";
        command.ExecuteNonQuery();
        Configured.Add(handle, handle);
    }
}
