namespace Interlude.SqlServer;

/// <summary>The T-SQL Interlude runs on SQL Server besides what EF Core generates (the tests parse each of them).</summary>
internal static class SqlServerStatements
{
    /// <summary>The application lock that serialises migrations between hosts.</summary>
    public const string MigrationLock = "Interlude.Migrations";

    /// <summary>
    /// Waits for the migration lock, held by this session (so across the migrations' own transactions);
    /// a negative result (deadlock victim, cancelled) fails the start-up instead of migrating unlocked.
    /// </summary>
    public const string LockMigrations = $"""
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'{MigrationLock}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = -1;
        IF @result < 0 THROW 50000, N'Interlude could not take its migration lock.', 1;
        """;

    /// <summary>Releases the migration lock before the connection goes back to the pool, where a session lock would outlive us.</summary>
    public const string UnlockMigrations = $"EXEC sp_releaseapplock @Resource = N'{MigrationLock}', @LockOwner = N'Session';";
}
