using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Sagas.Threads.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Workers.Tests;

/// <summary>
/// Idempotency keys are kept for <c>Interlude:Threads:IdempotencyKeyRetention</c> (24 hours by default), not
/// as the last few of a thread: the sweep forgets those older than that, and only those.
/// </summary>
public sealed class IdempotencyKeyRetentionTests : ScenarioTests
{
    [StoreTheory]
    public async Task Sweep_ForgetsKeysOlderThanTheRetention_AndKeepsTheYoungerOnesWorking(ThreadStore store)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await Start(store, configure: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var threadId = InterludeHarness.NewThreadId("age");
        await host.Client.InvokeAsync("validate-age", null, threadId, idempotencyKey: $"start-{threadId}");
        await host.Client.ResumeAsync(threadId, "thirty", idempotencyKey: "old");
        clock.Advance(TimeSpan.FromHours(23));
        var young = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["age"] = 1 }, idempotencyKey: "young");
        clock.Advance(TimeSpan.FromHours(2));

        // The host's own sweep may have run on the clock's advance already: what is left is the same.
        await host.Services.GetRequiredService<IdempotencyKeyRetention>().SweepOnce(CancellationToken.None);

        Assert.Null(await host.IdempotencyKeyAsync(threadId, "old"));
        Assert.Null(await host.IdempotencyKeyAsync(CommandKey.StartScope, $"start-{threadId}"));
        Assert.NotNull(await host.IdempotencyKeyAsync(threadId, "young"));
        var reused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.UpdateStateAsync(threadId, new JsonObject { ["age"] = 2 }, idempotencyKey: "young"));
        Assert.Equal("idempotency-key-reused", reused.Reason);
        var repeat = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["age"] = 1 }, idempotencyKey: "young");
        Assert.Equal(young.Revision, repeat.Revision);
        Assert.Equal(0, await host.Services.GetRequiredService<IdempotencyKeyRetention>().SweepOnce(CancellationToken.None));
    }
}
