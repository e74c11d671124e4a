using Interlude.EntityFrameworkCore;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>
/// Timeouts on the real clock and a real database: a two-second approval, a deadline that passes while
/// no host runs, and (on a server several hosts share) two hosts polling one scheduler table.
/// </summary>
public sealed class DurableTimeoutTests
{
    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Timeout_TwoSeconds_RejectedWithReasonTimeout(ThreadStore store)
    {
        await using var host = await InterludeHarness.StartAsync(store: store);
        var threadId = InterludeHarness.NewThreadId();
        var clock = Stopwatch.StartNew();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(2), threadId);
        Assert.NotNull(Assert.Single(paused.Interrupts).ExpiresAt);

        var completed = await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"Expired after {clock.Elapsed}.");
        Assert.Equal(("rejected", "timeout"), (completed.Values.GetProperty("status").GetString(), completed.Values.GetProperty("reason").GetString()));
        Assert.Equal("timed-out", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Outcome);
        Assert.Equal(0, await host.ScheduledCountAsync());
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Timeout_DueWhileTheHostIsDown_FiresOnceAfterRestart(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var threadId = InterludeHarness.NewThreadId();
        DateTimeOffset expiresAt;
        await using (var first = await InterludeHarness.StartOnAsync(database))
        {
            var paused = await first.Client.InvokeAsync("timed-approval", TimedApproval.Input(2), threadId);
            expiresAt = Assert.Single(paused.Interrupts).ExpiresAt!.Value;
        }

        var downFor = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5);
        if (downFor > TimeSpan.Zero)
        {
            await Task.Delay(downFor);
        }

        await using var second = await InterludeHarness.StartOnAsync(database);

        var completed = await second.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Equal("timeout", completed.Values.GetProperty("reason").GetString());
        Assert.Single(await second.SeenAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId));
        Assert.Equal("timed-out", Assert.Single(await second.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Outcome);
        Assert.Equal(0, await second.ScheduledCountAsync());
    }

    [StoreTheory(Needs = StoreFeatures.SharedByHosts)]
    public async Task TwoHosts_OneDatabase_TheDueWakeUpIsDeliveredOnce(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var a = await InterludeHarness.StartOnAsync(database);
        await using var b = await InterludeHarness.StartOnAsync(database);
        var threadId = InterludeHarness.NewThreadId();
        await a.Client.InvokeAsync("timed-approval", TimedApproval.Input(2), threadId);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await a.Client.GetStateAsync(threadId))!.Status != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var wakeUps = (await a.SeenAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId)).Count
            + (await b.SeenAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId)).Count;
        Assert.Equal("completed", (await a.Client.GetStateAsync(threadId))!.Status);
        Assert.Equal(1, wakeUps);
    }

    [StoreTheory(Needs = StoreFeatures.SharedByHosts)]
    public async Task TwoDispatchers_OneTable_EveryDueMessageSentOnce(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await InterludeHarness.StartOnAsync(database, configure: services => services.Configure<InterludeOptions>(o => o.Scheduler.PollInterval = TimeSpan.FromHours(1)));
        // Due tomorrow by the host's clock, so that only the test's dispatchers (told it is later) take
        // them: the host's own dispatcher may look at any moment and would send some itself.
        var dueAt = DateTimeOffset.UtcNow.AddDays(1);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            for (var i = 0; i < 300; i++)
            {
                db.ScheduledMessages.Add(new ScheduledMessageRow { TokenId = Guid.NewGuid(), DueAt = dueAt, DestinationAddress = "loopback://localhost/nowhere", ContentType = "application/json", MessageType = "urn:message:x", Body = "{}" });
            }

            await db.SaveChangesAsync();
        }

        var sent = new ConcurrentDictionary<Guid, int>();
        async Task Dispatcher()
        {
            await using var scope = host.Services.CreateAsyncScope();
            var scheduled = scope.ServiceProvider.GetRequiredService<IScheduledMessageStore>();
            while (await scheduled.DispatchDue(dueAt, 7, row =>
            {
                sent.AddOrUpdate(row.TokenId, 1, (_, n) => n + 1);
                return Task.Delay(1);
            }, CancellationToken.None) > 0)
            {
            }
        }

        await Task.WhenAll(Dispatcher(), Dispatcher(), Dispatcher());

        Assert.Equal(300, sent.Count);
        Assert.All(sent.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, await host.ScheduledCountAsync());
    }
}
