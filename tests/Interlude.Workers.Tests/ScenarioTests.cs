using Interlude.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// Base of the harness scenarios: each scenario class runs once per thread store (in memory, SQLite,
/// PostgreSQL) through a sealed subclass that names the store.
/// </summary>
public abstract class ScenarioTests
{
    protected virtual ThreadStore Store => ThreadStore.InMemory;

    protected Task<InterludeHarness> Start(IEnumerable<CompiledGraph>? graphs = null, Action<IServiceCollection>? configure = null) =>
        InterludeHarness.StartAsync(graphs, configure, Store);
}
