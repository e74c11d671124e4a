using Interlude.Graph;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// Base of the harness scenarios: each test is a <see cref="StoreTheoryAttribute"/>, run once per thread
/// store of <see cref="TestStores.All"/>, and starts its harness on the store it is given.
/// </summary>
public abstract class ScenarioTests
{
    protected static Task<InterludeHarness> Start(ThreadStore store, IEnumerable<CompiledGraph>? graphs = null, Action<IServiceCollection>? configure = null) =>
        InterludeHarness.StartAsync(graphs, configure, store);
}
