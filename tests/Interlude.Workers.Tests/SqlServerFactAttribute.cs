namespace Interlude.Workers.Tests;

/// <summary>A test that needs a real SQL Server: skipped, with the reason, unless INTERLUDE_TEST_SQLSERVER names one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute() => Skip = TestStores.Of(ThreadStore.SqlServer).SkipReason;
}
