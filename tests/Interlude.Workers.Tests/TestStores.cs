namespace Interlude.Workers.Tests;

/// <summary>The stores every store theory runs on: a new store is one line here.</summary>
public static class TestStores
{
    public static IReadOnlyList<TestStore> All { get; } =
    [
        new(ThreadStore.InMemory, StoreFeatures.None),
        new(ThreadStore.Sqlite, StoreFeatures.EarlierSchemas),
        new(ThreadStore.PostgreSQL, StoreFeatures.SharedByHosts | StoreFeatures.EarlierSchemas, "INTERLUDE_TEST_POSTGRES"),
        new(ThreadStore.SqlServer, StoreFeatures.SharedByHosts, "INTERLUDE_TEST_SQLSERVER", SkippedWithoutServer: true),
    ];

    public static TestStore Of(ThreadStore store) => All.Single(s => s.Store == store);
}
