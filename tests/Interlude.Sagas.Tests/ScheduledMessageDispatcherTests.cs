using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Sagas.Tests;

public sealed class ScheduledMessageDispatcherTests
{
    public sealed record Ping(Guid Id);

    [Fact]
    public async Task EarlierSchedule_WakesTheSleepingDispatcher_WithoutWaitingForThePoll()
    {
        var store = new CountingStore();
        await using var provider = await StartDispatcher(store, TimeSpan.FromHours(1));
        await store.Reached(() => store.Looks >= 1);

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageScheduler>().ScheduleSend(new Uri("queue:ping"), DateTime.UtcNow, new Ping(Guid.NewGuid()));
        }

        // Sent at all means woken: the next poll is an hour away.
        await store.Reached(() => store.Dispatches >= 1);
        Assert.Equal(0, await store.CountWaiting(CancellationToken.None));
    }

    [Fact]
    public async Task NothingDue_EveryPollIsOneCheapLook_OnOneStoreInstance_AndClaimsNothing()
    {
        var store = new CountingStore();
        await store.Add(new ScheduledMessageRow { TokenId = Guid.NewGuid(), DueAt = DateTimeOffset.UtcNow.AddHours(1) }, CancellationToken.None);
        await using var provider = await StartDispatcher(store, TimeSpan.FromMilliseconds(1));

        await store.Reached(() => store.Looks >= 20);

        Assert.Equal(0, store.Dispatches);
        Assert.Equal(1, store.StoresLookedAt);
    }

    private static async Task<ServiceProvider> StartDispatcher(CountingStore store, TimeSpan pollInterval)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddScoped<IScheduledMessageStore>(_ => store.InScope());
        services.AddInterlude(interlude => interlude.Configure(o => o.Scheduler.PollInterval = pollInterval));
        services.AddMassTransitTestHarness(bus => bus.AddInterludeThreads());
        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);

        // MassTransit's harness starts the hosted services, the dispatcher among them.
        await harness.Start();
        return provider;
    }

    /// <summary>
    /// The in-memory store, counting what the dispatcher asks of it; each scope resolves a view of its own,
    /// so that the looks tell how many scopes (a DbContext each, on a database store) they took.
    /// </summary>
    private sealed class CountingStore : IScheduledMessageStore
    {
        private readonly InMemoryScheduledMessageStore inner = new();
        private readonly Lock gate = new();
        private readonly List<(Func<bool> Condition, TaskCompletionSource Reached)> waiters = [];
        private readonly HashSet<ScopedView> lookedAt = [];
        private int looks;
        private int dispatches;

        public int Looks => Volatile.Read(ref looks);

        public int Dispatches => Volatile.Read(ref dispatches);

        public int StoresLookedAt
        {
            get
            {
                lock (gate)
                {
                    return lookedAt.Count;
                }
            }
        }

        public IScheduledMessageStore InScope() => new ScopedView(this);

        /// <summary>Completes once <paramref name="condition"/> holds after a call of the dispatcher's.</summary>
        public Task Reached(Func<bool> condition)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                if (condition())
                {
                    return Task.CompletedTask;
                }

                waiters.Add((condition, reached));
            }

            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public Task Add(ScheduledMessageRow row, CancellationToken cancellationToken) => inner.Add(row, cancellationToken);

        public Task Cancel(Guid tokenId, CancellationToken cancellationToken) => inner.Cancel(tokenId, cancellationToken);

        public Task<int> CountWaiting(CancellationToken cancellationToken) => inner.CountWaiting(cancellationToken);

        public Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken) => inner.NextDueAt(cancellationToken);

        public Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken) =>
            inner.DispatchDue(now, batchSize, send, cancellationToken);

        private void Counted(Action count)
        {
            lock (gate)
            {
                count();
                foreach (var waiter in waiters.Where(w => w.Condition()))
                {
                    waiter.Reached.TrySetResult();
                }
            }
        }

        /// <summary>The store as one scope sees it.</summary>
        private sealed class ScopedView(CountingStore store) : IScheduledMessageStore
        {
            public Task Add(ScheduledMessageRow row, CancellationToken cancellationToken) => store.Add(row, cancellationToken);

            public Task Cancel(Guid tokenId, CancellationToken cancellationToken) => store.Cancel(tokenId, cancellationToken);

            public Task<int> CountWaiting(CancellationToken cancellationToken) => store.CountWaiting(cancellationToken);

            public async Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken)
            {
                var next = await store.NextDueAt(cancellationToken);
                store.Counted(() =>
                {
                    store.looks++;
                    store.lookedAt.Add(this);
                });
                return next;
            }

            public async Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken)
            {
                var sent = await store.DispatchDue(now, batchSize, send, cancellationToken);
                store.Counted(() => store.dispatches++);
                return sent;
            }
        }
    }
}
