using Interlude.Client;
using Interlude.Graph;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Threads.Commands;
using Interlude.Testing;
using Interlude.Workers.Samples;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// The host's runtime (thread saga, node workers, inbox) on <see cref="InterludeTestHarness"/>, the test
/// harness Interlude ships, with an event recorder and a store per test.
/// </summary>
public sealed class InterludeHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private readonly InterludeTestHarness interlude;

    private readonly TestDatabase? database;

    private InterludeHarness(ServiceProvider provider, TestDatabase? database)
    {
        this.provider = provider;
        this.database = database;
        interlude = provider.GetRequiredService<InterludeTestHarness>();
        Harness = interlude.Harness;
        Client = interlude.Client;
    }

    public ITestHarness Harness { get; }

    public IGraphClient Client { get; }

    /// <summary>A client whose commands carry <paramref name="name"/> and <paramref name="roles"/> (see <see cref="InterludeTestHarness.ClientAs"/>).</summary>
    public IGraphClient ClientAs(string name, params string[] roles) => interlude.ClientAs(name, roles);

    public IServiceProvider Services => provider;

    /// <summary>Starts a harness with <paramref name="graphs"/> (default: the sample graphs).</summary>
    public static async Task<InterludeHarness> StartAsync(IEnumerable<CompiledGraph>? graphs = null, Action<IServiceCollection>? configure = null, ThreadStore store = ThreadStore.InMemory)
    {
        var database = store == ThreadStore.InMemory ? null : await TestDatabase.CreateAsync(store);
        return await StartAsync(graphs, configure, database, ownsDatabase: true);
    }

    /// <summary>A harness on <paramref name="shared"/>, a database another harness uses too (a second host); the caller disposes it.</summary>
    public static Task<InterludeHarness> StartOnAsync(TestDatabase shared, IEnumerable<CompiledGraph>? graphs = null, Action<IServiceCollection>? configure = null) =>
        StartAsync(graphs, configure, shared, ownsDatabase: false);

    private static async Task<InterludeHarness> StartAsync(IEnumerable<CompiledGraph>? graphs, Action<IServiceCollection>? configure, TestDatabase? database, bool ownsDatabase)
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // The system clock unless a test brings its own: inbox order and timestamps follow real time.
        services.AddSingleton(TimeProvider.System);
        services.AddInterludeTestHarness(
            interlude =>
            {
                foreach (var graph in graphs ?? SampleGraphs.All)
                {
                    interlude.AddGraph(graph);
                }

                database?.Use(interlude);
            },
            bus => bus.AddConsumer<EventRecorder>());
        services.Configure<GraphClientOptions>(o => o.WaitSeconds = 10);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new InterludeHarness(provider, ownsDatabase ? database : null);
        harness.Harness.TestTimeout = TimeSpan.FromSeconds(20);
        harness.Harness.TestInactivityTimeout = TimeSpan.FromMilliseconds(300);
        await harness.interlude.StartAsync();
        return harness;
    }

    /// <summary>
    /// The messages of type <typeparamref name="T"/> delivered so far that match <paramref name="filter"/>,
    /// once the bus has fallen quiet. Every event reaches <see cref="EventRecorder"/>, whichever way it left
    /// (published directly, or sent by the database outbox after commit), and commands reach their
    /// consumers. Use it once the call that caused them returned.
    /// </summary>
    public async Task<IReadOnlyList<T>> SeenAsync<T>(Func<T, bool> filter)
        where T : class
    {
        // Quiet means nothing new arrived for a while: the harness's own inactivity task completes
        // once and stays completed, so it cannot tell a later lull.
        var deadline = DateTime.UtcNow + Harness.TestTimeout;
        var seen = SoFar(filter);
        var consumedCount = ConsumedCount();
        for (var quietChecks = 0; quietChecks < 3 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            var now = SoFar(filter);
            var consumed = ConsumedCount();
            quietChecks = now.Count == seen.Count && consumed == consumedCount ? quietChecks + 1 : 0;
            consumedCount = consumed;
            seen = now;
        }

        return seen;
    }

    private int ConsumedCount()
    {
        using var now = new CancellationTokenSource();
        now.Cancel();
        return Harness.Consumed.Select(_ => true, now.Token).Count();
    }

    private IReadOnlyList<T> SoFar<T>(Func<T, bool> filter)
        where T : class
    {
        using var now = new CancellationTokenSource();
        now.Cancel();
        return [.. Delivered<T>().Select<T>(m => filter(m.Context.Message), now.Token).Select(m => m.Context.Message)];
    }

    /// <summary>Whether a matching <typeparamref name="T"/> is delivered before the bus falls quiet (see <see cref="SeenAsync{T}"/>).</summary>
    public async Task<bool> AnyAsync<T>(Func<T, bool> filter)
        where T : class => (await SeenAsync(filter)).Count > 0;

    /// <summary>Events as <see cref="EventRecorder"/> received them (not also as responses to a request); other messages as their consumers did.</summary>
    private IReceivedMessageList Delivered<T>()
        where T : class =>
        typeof(IConsumer<T>).IsAssignableFrom(typeof(EventRecorder))
            ? Harness.GetConsumerHarness<EventRecorder>().Consumed
            : Harness.Consumed;

    /// <summary>Waits (up to the harness's timeout) for a matching <typeparamref name="T"/> to go out.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> filter)
        where T : class => (await PublishedAsync(filter, 1))[0];

    /// <summary>Waits (up to the harness's timeout) until <paramref name="count"/> matching <typeparamref name="T"/> went out.</summary>
    public async Task<IReadOnlyList<T>> PublishedAsync<T>(Func<T, bool> filter, int count)
        where T : class
    {
        var deadline = DateTime.UtcNow + Harness.TestTimeout;
        var found = SoFar(filter);
        while (found.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            found = SoFar(filter);
        }

        Assert.True(found.Count >= count, $"Expected {count} {typeof(T).Name} matching the filter, saw {found.Count}.");
        return found;
    }

    /// <summary>The nodes the workers ran and reported for <paramref name="threadId"/> so far, in order: each step of a chain counts.</summary>
    public async Task<IReadOnlyList<string>> NodeRunsAsync(string threadId) =>
        [.. (await SeenAsync<Interlude.Contracts.NodeExecuted>(m => m.ThreadId == threadId)).SelectMany(m => m.Chained.Prepend(m)).Select(m => m.Node)];

    /// <summary>How many scheduled messages wait in the host's scheduler, due or not.</summary>
    public async Task<int> ScheduledCountAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IScheduledMessageStore>().CountWaiting(CancellationToken.None);
    }

    /// <summary>What the host's store remembers of a command's idempotency <paramref name="key"/> in <paramref name="scope"/> (a thread id, or the starts' scope).</summary>
    internal async Task<CommandRecord?> IdempotencyKeyAsync(string scope, string key)
    {
        await using var services = provider.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<ICommandLedger>().Find(new CommandKey(scope, key, Named: true), CancellationToken.None);
    }

    /// <summary>A thread id no other test uses.</summary>
    public static string NewThreadId(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        await interlude.StopAsync();
        await provider.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
