using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Workers.Samples;

namespace Interlude.Workers.Tests;

/// <summary>
/// A host deployed without a thread's graph refuses commands on it with graph-unavailable and leaves
/// the thread as it is; a host with the graph then goes on where it was.
/// </summary>
public sealed class GraphUnavailableTests
{
    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Resume_OnAHostWithoutTheGraph_RefusedAndTheThreadStaysPaused(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        var threadId = InterludeHarness.NewThreadId();
        await using (var first = await InterludeHarness.StartOnAsync(database))
        {
            await first.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "refund", ["status"] = "pending" }, threadId);
        }

        ThreadStateSnapshot before;
        await using (var without = await InterludeHarness.StartOnAsync(database, [ReviewEditGraph.Build()]))
        {
            before = (await without.Client.GetStateAsync(threadId))!;
            var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => without.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "k1"));
            var cancel = await Assert.ThrowsAsync<ThreadCommandException>(() => without.Client.CancelAsync(threadId));

            Assert.Equal("graph-unavailable", refused.Reason);
            Assert.Contains("'approval'", refused.Message, StringComparison.Ordinal);
            Assert.Equal("graph-unavailable", cancel.Reason);
            var after = (await without.Client.GetStateAsync(threadId))!;
            Assert.Equal("interrupted", after.Status);
            Assert.Equal(before.CheckpointId, after.CheckpointId);
            Assert.Equal(before.Interrupts.Select(i => i.Id), after.Interrupts.Select(i => i.Id));
        }

        // The same idempotency key goes through once a host has the graph: the refusal was not recorded.
        await using var with = await InterludeHarness.StartOnAsync(database);
        var done = await with.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "k1");
        Assert.Equal("completed", done.Status);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
    }
}
