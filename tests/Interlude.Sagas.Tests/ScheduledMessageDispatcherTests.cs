using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
    public async Task NothingDue_EachPollIsOneCheapLook_InNoNewScope_AndClaimsNothing()
    {
        var store = new CountingStore();
        await store.Add(new ScheduledMessageRow { TokenId = Guid.NewGuid(), DueAt = DateTimeOffset.UtcNow.AddHours(1) }, CancellationToken.None);
        await using var provider = await StartDispatcher(store, TimeSpan.FromMilliseconds(1));
        await store.Reached(() => store.Looks >= 1);
        var scopes = store.Scopes;

        await store.Reached(() => store.Looks >= 20);

        Assert.Equal(0, store.Dispatches);
        Assert.Equal(scopes, store.Scopes);
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
        await harness.Start();
        await provider.GetServices<IHostedService>().OfType<ScheduledMessageDispatcher>().Single().StartAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>The in-memory store, counting the scopes that resolve it and what the dispatcher asks of it.</summary>
    private sealed class CountingStore : IScheduledMessageStore
    {
        private readonly InMemoryScheduledMessageStore inner = new();
        private readonly Lock gate = new();
        private readonly List<(Func<bool> Condition, TaskCompletionSource Reached)> waiters = [];
        private int looks;
        private int scopes;
        private int dispatches;

        public int Looks => Volatile.Read(ref looks);

        public int Scopes => Volatile.Read(ref scopes);

        public int Dispatches => Volatile.Read(ref dispatches);

        public CountingStore InScope()
        {
            Interlocked.Increment(ref scopes);
            return this;
        }

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

        public async Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken)
        {
            var next = await inner.NextDueAt(cancellationToken);
            Counted(ref looks);
            return next;
        }

        public async Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken)
        {
            var sent = await inner.DispatchDue(now, batchSize, send, cancellationToken);
            Counted(ref dispatches);
            return sent;
        }

        private void Counted(ref int counter)
        {
            lock (gate)
            {
                counter++;
                foreach (var waiter in waiters.Where(w => w.Condition()))
                {
                    waiter.Reached.TrySetResult();
                }
            }
        }
    }
}
