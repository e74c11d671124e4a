using System.Collections.Concurrent;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Threads;

/// <summary>What the thread saga needs from the host: the graphs it can run and the clock.</summary>
public sealed class ThreadRuntime(GraphCatalog catalog, TimeProvider time, IOptions<InterludeOptions> options)
{
    private readonly ConcurrentDictionary<(string Graph, int Version), ThreadPlanner> planners = new();

    /// <summary>The graphs this host can run, by name.</summary>
    public GraphCatalog Catalog { get; } = catalog;

    /// <summary>The largest state a command may leave a thread with (<see cref="ThreadOptions.MaxStateBytes"/>).</summary>
    public int MaxStateBytes => options.Value.Threads.MaxStateBytes;

    /// <summary>The clock for checkpoints, deadlines and wake-ups (a fake one in tests).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The current time, to the microsecond: what every database Interlude runs on stores exactly.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>The planner of a graph version the catalog has (a thread's graph never leaves the catalog while the host runs).</summary>
    public ThreadPlanner PlannerFor(string graph, int version) =>
        planners.GetOrAdd((graph, version), key => new ThreadPlanner(Catalog.Get(key.Graph, key.Version)));
}
