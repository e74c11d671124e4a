using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Graph;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads.Commands;
using Interlude.Workers.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Workers.Tests;

/// <summary>
/// Retention (<c>Interlude:Retention:FinishedThreadsDays</c>): completed, failed and cancelled threads older
/// than the limit go, with their history, interrupts, resolutions, audit and idempotency keys, a batch at a time; threads that
/// still wait, or finished later, stay whole.
/// </summary>
public sealed class RetentionScenarioTests : ScenarioTests
{
    private static readonly JsonObject ApprovalInput = new() { ["action_details"] = "deploy", ["status"] = "pending" };

    [StoreTheory]
    public async Task Purge_FinishedThreadsOlderThanTheLimit_GoWithEverythingKeptForThem_OthersStay(ThreadStore store)
    {
        await using var host = await Start(store, [.. SampleGraphs.All, FailingGraph]);
        var completed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = InterludeHarness.NewThreadId("done");
            await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), id, idempotencyKey: $"start-{id}");
            await host.ClientAs("ann").ResumeAsync(id, JsonValue.Create(true), idempotencyKey: "answer");
            completed.Add(id);
        }

        var cancelled = InterludeHarness.NewThreadId("cancelled");
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), cancelled);
        await host.Client.CancelAsync(cancelled, "not needed");
        var failed = InterludeHarness.NewThreadId("failed");
        Assert.Equal("failed", (await host.Client.InvokeAsync("always-fails", [], failed)).Status);
        var waiting = InterludeHarness.NewThreadId("waiting");
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), waiting, idempotencyKey: $"start-{waiting}");
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var recent = InterludeHarness.NewThreadId("recent");
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), recent);
        await host.Client.ResumeAsync(recent, JsonValue.Create(true));

        // Batches of 2: the purge goes on until a batch comes back short.
        var purged = await host.Services.GetRequiredService<ThreadRetention>().PurgeOnce(cutoff, batchSize: 2, CancellationToken.None);

        Assert.Equal(7, purged);
        foreach (var gone in completed.Append(cancelled).Append(failed))
        {
            Assert.Null(await host.Client.GetStateAsync(gone));
            Assert.Null(await host.Client.GetHistoryAsync(gone));
            Assert.Empty(await host.Client.GetAuditAsync(gone) ?? []);
            Assert.Null(await host.IdempotencyKeyAsync(gone, "answer"));
        }

        Assert.NotNull(await host.IdempotencyKeyAsync(CommandKey.StartScope, $"start-{waiting}"));

        foreach (var kept in new[] { waiting, recent })
        {
            Assert.NotNull(await host.Client.GetStateAsync(kept));
            Assert.NotEmpty((await host.Client.GetHistoryAsync(kept))!);
            Assert.NotEmpty((await host.Client.GetAuditAsync(kept))!);
        }

        Assert.Equal([waiting], (await host.Client.ListInterruptsAsync()).Select(i => i.ThreadId));
        Assert.Equal(0, await host.Services.GetRequiredService<ThreadRetention>().PurgeOnce(cutoff, batchSize: 2, CancellationToken.None));

        // A purged thread id is free again, its start key too (kept, it would refuse the start as reused), and the waiting thread still answers.
        Assert.Equal("interrupted", (await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), completed[0], idempotencyKey: $"start-{completed[0]}")).Status);
        Assert.Equal("completed", (await host.Client.ResumeAsync(waiting, JsonValue.Create(true))).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retention_RunsOnItsIntervalWhenConfigured_AndIsOffByDefault(bool configured)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await Start(ThreadStore.InMemory, configure: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            if (configured)
            {
                services.Configure<InterludeOptions>(o => o.Retention.FinishedThreadsDays = 30);
            }
        });
        var threadId = InterludeHarness.NewThreadId("old");
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        // Past 30 days, and past the hourly interval.
        clock.Advance(TimeSpan.FromDays(31));
        var deadline = DateTime.UtcNow.AddSeconds(configured ? 10 : 1);
        while (DateTime.UtcNow < deadline && await host.Client.GetStateAsync(threadId) is not null)
        {
            await Task.Delay(50);
        }

        Assert.Equal(configured, await host.Client.GetStateAsync(threadId) is null);
    }

    private static CompiledGraph FailingGraph { get; } =
        new StateGraph<Nothing>("always-fails")
            .AddNode("boom", (_, ctx) => DateTime.UtcNow.Year > 0 ? throw new InvalidOperationException("kaput") : ctx.Update())
            .AddEdge(GraphNames.Start, "boom")
            .AddEdge("boom", GraphNames.End)
            .Compile();

    private sealed record Nothing;
}
