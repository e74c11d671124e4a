using Interlude.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>Where a test keeps its threads.</summary>
public enum ThreadStore
{
    /// <summary>MassTransit's in-memory saga repository.</summary>
    InMemory,

    /// <summary>A fresh SQLite file.</summary>
    Sqlite,

    /// <summary>A fresh database on the PostgreSQL server the test command started.</summary>
    PostgreSQL,
}

/// <summary>A private database for one test: a temporary SQLite file, or a PostgreSQL database created and dropped.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> drop;

    private TestDatabase(DatabaseProvider provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.drop = drop;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The server the test command started (scripts/services.sh exports it).</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("INTERLUDE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("INTERLUDE_TEST_POSTGRES is not set: run the tests with 'bash scripts/test.sh', which starts PostgreSQL.");

    public static async Task<TestDatabase> CreateAsync(ThreadStore store)
    {
        if (store == ThreadStore.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"interlude-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", () =>
            {
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }

                return Task.CompletedTask;
            });
        }

        var name = $"interlude_{Guid.NewGuid():N}";
        await Execute($"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.PostgreSQL, connection, () => DropBestEffort(name));
    }

    /// <summary>Keeps the threads of <paramref name="interlude"/> in this database, through its package.</summary>
    public void Use(InterludeBuilder interlude)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            interlude.UseSqlite(ConnectionString);
        }
        else
        {
            interlude.UsePostgreSql(ConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await drop();
    }

    /// <summary>
    /// Drops the test's database. Cleanup only: a session the test role may not end (an autovacuum worker)
    /// can hold it, and the private server is thrown away after the run anyway.
    /// </summary>
    private static async Task DropBestEffort(string name)
    {
        try
        {
            await Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
        catch (PostgresException)
        {
        }
    }

    private static async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
