using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interlude.Workers.Tests;

/// <summary>
/// Issue 12, item 1: a thread keeps the graph version it started on, new threads start on the highest,
/// and a host without a thread's version refuses its commands, leaves it as it is, and says so at start-up.
/// </summary>
public sealed class GraphVersionTests
{
    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task PausedOnV1_FinishesOnV1_AfterV2IsRegistered_WhileANewThreadRunsV2(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var old = InterludeHarness.NewThreadId("v1");
        await using (var first = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V1()]))
        {
            var paused = await first.Client.InvokeAsync(VersionedGraphs.Name, null, old);
            Assert.Equal(("interrupted", 1, "ask"), (paused.Status, paused.GraphVersion, Assert.Single(paused.Interrupts).Node));
        }

        await using var both = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V1(), VersionedGraphs.V2()]);
        var fresh = InterludeHarness.NewThreadId("v2");
        var started = await both.Client.InvokeAsync(VersionedGraphs.Name, null, fresh);
        Assert.Equal(("interrupted", 2, "confirm"), (started.Status, started.GraphVersion, Assert.Single(started.Interrupts).Node));
        Assert.Equal("question of version 2", Assert.Single(started.Interrupts).Value!.Value.GetString());

        // The inbox tells the versions apart.
        Assert.Equal([old], (await both.Client.ListInterruptsAsync(VersionedGraphs.Name, graphVersion: 1)).Select(i => i.ThreadId));
        Assert.Equal([fresh], (await both.Client.ListInterruptsAsync(VersionedGraphs.Name, graphVersion: 2)).Select(i => i.ThreadId));
        Assert.Equal([(old, 1), (fresh, 2)], (await both.Client.ListInterruptsAsync(VersionedGraphs.Name)).Select(i => (i.ThreadId, i.GraphVersion)));

        var oldDone = await both.Client.ResumeAsync(old, JsonValue.Create("yes"));
        var freshDone = await both.Client.ResumeAsync(fresh, JsonValue.Create("sure"));

        Assert.Equal(("completed", 1, "v1", "yes"), (oldDone.Status, oldDone.GraphVersion, oldDone.Values.GetProperty("ran_on").GetString(), oldDone.Values.GetProperty("answer").GetString()));
        Assert.Equal(("completed", 2, "v2", "sure"), (freshDone.Status, freshDone.GraphVersion, freshDone.Values.GetProperty("ran_on").GetString(), freshDone.Values.GetProperty("answer").GetString()));
        Assert.Equal(1, (await both.Client.GetStateAsync(old))!.GraphVersion);
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task HostWithoutV1_RefusesNamingTheVersion_LeavesTheThread_AndReportsItAtStartUp(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var threadId = InterludeHarness.NewThreadId("v1");
        await using (var first = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V1()]))
        {
            await first.Client.InvokeAsync(VersionedGraphs.Name, null, threadId);
            await first.Client.InvokeAsync(VersionedGraphs.Name, null, InterludeHarness.NewThreadId("v1-other"));
        }

        var logs = new LogLines();
        await using (var without = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V2()], s => s.AddLogging(l => l.AddProvider(logs))))
        {
            var reported = Assert.Single(logs.Warnings, l => l.Contains($"'{VersionedGraphs.Name}'", StringComparison.Ordinal));
            Assert.Contains($"2 unfinished threads need graph '{VersionedGraphs.Name}' version 1", reported, StringComparison.Ordinal);

            var before = (await without.Client.GetStateAsync(threadId))!;
            var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => without.Client.ResumeAsync(threadId, JsonValue.Create("yes"), idempotencyKey: "k1"));
            Assert.Equal("graph-unavailable", refused.Reason);
            Assert.Contains($"graph '{VersionedGraphs.Name}' version 1", refused.Message, StringComparison.Ordinal);

            var after = (await without.Client.GetStateAsync(threadId))!;
            Assert.Equal(("interrupted", 1, before.CheckpointId), (after.Status, after.GraphVersion, after.CheckpointId));
            Assert.Equal(before.Interrupts.Select(i => i.Id), after.Interrupts.Select(i => i.Id));

            // A new thread of the graph starts on the version this host has.
            Assert.Equal(2, (await without.Client.InvokeAsync(VersionedGraphs.Name, null, InterludeHarness.NewThreadId("v2"))).GraphVersion);
        }

        // The refusal was not recorded: a host with version 1 takes the same command, and runs version 1.
        var again = new LogLines();
        await using var with = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V1(), VersionedGraphs.V2()], s => s.AddLogging(l => l.AddProvider(again)));
        Assert.DoesNotContain(again.Warnings, l => l.Contains($"'{VersionedGraphs.Name}'", StringComparison.Ordinal));
        var done = await with.Client.ResumeAsync(threadId, JsonValue.Create("yes"), idempotencyKey: "k1");
        Assert.Equal(("completed", "v1"), (done.Status, done.Values.GetProperty("ran_on").GetString()));
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task ADatabaseNotMigratedYet_DoesNotStopTheStartUp_TheReportSaysItCouldNotRead(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var logs = new LogLines();

        await using var host = await InterludeHarness.StartOnAsync(database, [VersionedGraphs.V1()], s => s
            .AddLogging(l => l.AddProvider(logs))
            .Configure<InterludeOptions>(o => o.Database.MigrateOnStart = false));

        Assert.Single(logs.Warnings, l => l.StartsWith("Could not read which graph versions unfinished threads need", StringComparison.Ordinal));
    }
}
