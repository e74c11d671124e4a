using Interlude.Workers.Hosting;
using System.Data.Common;
using Microsoft.Data.SqlClient;
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

    /// <summary>A fresh database on the SQL Server that INTERLUDE_TEST_SQLSERVER names (none runs here: its tests are skipped without it).</summary>
    SqlServer,
}

/// <summary>A private database for one test: a temporary SQLite file, or a PostgreSQL or SQL Server database created and dropped.</summary>
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

    /// <summary>The SQL Server to test on, a connection string without a database (see the README).</summary>
    public static string SqlServerConnection =>
        Environment.GetEnvironmentVariable("INTERLUDE_TEST_SQLSERVER")
        ?? throw new InvalidOperationException("INTERLUDE_TEST_SQLSERVER is not set: the SQL Server tests are skipped without it.");

    public static async Task<TestDatabase> CreateAsync(ThreadStore store)
    {
        if (store == ThreadStore.SqlServer)
        {
            var database = OnSqlServer();
            await Execute(new SqlConnection(SqlServerConnection), $"CREATE DATABASE [{new SqlConnectionStringBuilder(database.ConnectionString).InitialCatalog}]");
            return database;
        }

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
        await Execute(new NpgsqlConnection(PostgresServer), $"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.PostgreSQL, connection, () => DropBestEffort(new NpgsqlConnection(PostgresServer), $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }

    /// <summary>This PostgreSQL database reached through <paramref name="proxy"/> (which can cut it off); this one drops it.</summary>
    public TestDatabase Through(OutageProxy proxy) =>
        new(Provider, new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString, () => Task.CompletedTask);

    /// <summary>Keeps the threads of <paramref name="interlude"/> in this database, through its package.</summary>
    public void Use(InterludeBuilder interlude) => InterludeHostExtensions.UseDatabase(interlude, Provider, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        SqlConnection.ClearAllPools();
        await drop();
    }

    /// <summary>A database name of its own on the SQL Server, not yet created (Interlude creates it when it migrates); dropped if it exists.</summary>
    public static TestDatabase OnSqlServer()
    {
        var name = $"interlude_{Guid.NewGuid():N}";
        var connection = new SqlConnectionStringBuilder(SqlServerConnection) { InitialCatalog = name }.ConnectionString;
        return new TestDatabase(DatabaseProvider.SqlServer, connection, () => DropBestEffort(
            new SqlConnection(SqlServerConnection),
            $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END"));
    }

    /// <summary>
    /// Drops the test's database. Cleanup only: a session the test role may not end (an autovacuum worker)
    /// can hold it, and the private server is thrown away after the run anyway.
    /// </summary>
    private static async Task DropBestEffort(DbConnection server, string drop)
    {
        try
        {
            await Execute(server, drop);
        }
        catch (DbException)
        {
        }
    }

    private static async Task Execute(DbConnection server, string sql)
    {
        await using (server)
        {
            await server.OpenAsync();
            await using var command = server.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
