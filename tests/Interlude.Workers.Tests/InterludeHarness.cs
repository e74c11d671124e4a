using Interlude.Graph;
using Interlude.Sagas.Client;
using Interlude.Workers.Hosting;
using Interlude.Workers.Samples;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>The host's bus (thread saga, node workers, inbox) in MassTransit's test harness, with a graph client.</summary>
public sealed class InterludeHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private InterludeHarness(ServiceProvider provider, ITestHarness harness)
    {
        this.provider = provider;
        Harness = harness;
        Client = provider.GetRequiredService<IGraphClient>();
    }

    public ITestHarness Harness { get; }

    public IGraphClient Client { get; }

    public IServiceProvider Services => provider;

    /// <summary>Starts a harness with <paramref name="graphs"/> (default: the sample graphs).</summary>
    public static async Task<InterludeHarness> StartAsync(IEnumerable<CompiledGraph>? graphs = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddInterludeServices(graphs ?? SampleGraphs.All);
        services.Configure<InterludeOptions>(o =>
        {
            o.Nodes.Retry.Attempts = 1;
            o.Nodes.Retry.Interval = TimeSpan.FromMilliseconds(10);
            o.Api.WaitSeconds = 10;
        });
        configure?.Invoke(services);
        services.AddMassTransitTestHarness(bus => bus.AddInterludeBus());
        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(20);
        await harness.Start();
        return new InterludeHarness(provider, harness);
    }

    /// <summary>
    /// The messages of type <typeparamref name="T"/> published so far that match <paramref name="filter"/>,
    /// without waiting for more. Use it once the client call that caused them has returned.
    /// </summary>
    public IReadOnlyList<T> PublishedSoFar<T>(Func<T, bool> filter)
        where T : class
    {
        using var now = new CancellationTokenSource();
        now.Cancel();
        return [.. Harness.Published.Select<T>(m => filter(m.Context.Message), now.Token).Select(m => m.Context.Message)];
    }

    /// <summary>Waits (up to the harness's timeout) for a published <typeparamref name="T"/> matching <paramref name="filter"/>.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> filter)
        where T : class
    {
        Assert.True(await Harness.Published.Any<T>(m => filter(m.Context.Message)), $"No {typeof(T).Name} matching the filter was published.");
        return PublishedSoFar(filter)[0];
    }

    /// <summary>Waits (up to the harness's timeout) until <paramref name="count"/> published <typeparamref name="T"/> match <paramref name="filter"/>.</summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>(Func<T, bool> filter, int count)
        where T : class
    {
        var found = new List<T>();
        await foreach (var published in Harness.Published.SelectAsync<T>(m => filter(m.Context.Message)))
        {
            found.Add(published.Context.Message);
            if (found.Count >= count)
            {
                break;
            }
        }

        Assert.True(found.Count >= count, $"Expected {count} {typeof(T).Name} matching the filter, saw {found.Count}.");
        return found;
    }

    /// <summary>The nodes the saga dispatched for <paramref name="threadId"/> so far, in order.</summary>
    public IReadOnlyList<string> DispatchedNodes(string threadId) =>
        [.. PublishedSoFar<Interlude.Contracts.ExecuteNode>(m => m.ThreadId == threadId).Select(m => m.Node)];

    /// <summary>A thread id no other test uses.</summary>
    public static string NewThreadId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
