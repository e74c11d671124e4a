using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Channels;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's "edit graph state": <c>update_state</c> while paused, with and without <c>as_node</c>.</summary>
public sealed class UpdateStateScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task UpdateState_WithoutAsNode_StaysPausedAndTheResumedNodeSeesThePatch(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [DraftGraph(entries)]);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("draft", [], threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        var updated = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["draft"] = "v2-edited", ["notes"] = new JsonArray("patched") });

        Assert.Equal("interrupted", updated.Status);
        Assert.Equal(interrupt.Id, Assert.Single(updated.Interrupts).Id);
        Assert.Equal(["human"], updated.Next);
        Assert.Equal("update", updated.Metadata.Source);
        Assert.NotEqual(paused.CheckpointId, updated.CheckpointId);
        Assert.Equal(paused.CheckpointId, updated.ParentCheckpointId);
        Assert.Equal(paused.Step + 1, updated.Step);
        Assert.Equal(["write", "patched"], Notes(updated));
        Assert.Empty(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("alice"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("alice", done.Values.GetProperty("approved_by").GetString());
        Assert.Equal(["write", "patched", "human saw draft=v2-edited", "finish draft=v2-edited approvedBy=alice"], Notes(done));
        Assert.Equal(1, entries["write"]);
        Assert.Equal(2, entries["human"]);
        Assert.Equal(1, entries["finish"]);
    }

    [StoreTheory]
    public async Task UpdateState_AsTheInterruptedNode_ResolvesItAndPausesBeforeItsSuccessor(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [DraftGraph(entries)]);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("draft", [], threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        var updated = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["approved_by"] = "ops-override", ["notes"] = new JsonArray("as human") }, asNode: "human");

        Assert.Equal("interrupted", updated.Status);
        var breakpoint = Assert.Single(updated.Interrupts);
        Assert.Equal("before", breakpoint.When);
        Assert.Equal("finish", breakpoint.Node);
        Assert.NotEqual(interrupt.Id, breakpoint.Id);
        Assert.Equal(["finish"], updated.Next);
        Assert.Equal(["write", "as human"], Notes(updated));
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal(interrupt.Id, resolved.InterruptId);
        Assert.Equal("updated", resolved.Outcome);
        Assert.Equal(breakpoint.Id, (await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId))[^1].Interrupt.Id);

        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["write", "as human", "finish draft=v1 approvedBy=ops-override"], Notes(done));
        Assert.Equal(1, entries["human"]);
        Assert.Equal(1, entries["finish"]);
    }

    [StoreTheory]
    public async Task UpdateState_AsAnEarlierNode_SupersedesThePausedStepAndPausesBeforeItsSuccessor(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [DraftGraph(entries)]);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("draft", [], threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        var updated = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["draft"] = "v3" }, asNode: "write");

        Assert.Equal("interrupted", updated.Status);
        var breakpoint = Assert.Single(updated.Interrupts);
        Assert.Equal(("before", "human"), (breakpoint.When, breakpoint.Node));
        Assert.Equal(["human"], updated.Next);
        Assert.Equal("updated", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId && m.InterruptId == interrupt.Id)).Outcome);

        var asking = await host.Client.ResumeAsync(threadId, (JsonNode?)null);
        var question = Assert.Single(asking.Interrupts);
        Assert.Equal("during", question.When);
        Assert.Equal("v3", question.Value!.Value.GetProperty("draft").GetString());
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("bob"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("bob", done.Values.GetProperty("approved_by").GetString());
        Assert.Equal(1, entries["write"]);
    }

    [StoreTheory]
    public async Task UpdateState_ApprovalWithoutAsNode_KeepsTheInterruptAndAResumeStillWorks(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);

        var updated = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["action_details"] = "deploy v2" });

        Assert.Equal("interrupted", updated.Status);
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single(updated.Interrupts).Id);
        Assert.Equal("deploy v2", updated.Values.GetProperty("action_details").GetString());
        Assert.True(updated.Revision > paused.Revision);

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("completed", done.Status);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        Assert.Equal("deploy v2", done.Values.GetProperty("action_details").GetString());
    }

    [StoreTheory]
    public async Task UpdateState_ApprovalAsTheApprovalNode_ResolvesTheInterruptAndEndsWithoutABranch(ThreadStore store)
    {
        // approval routes only by goto, so as its output the update leads nowhere: nothing is left to pause before.
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);

        var updated = await host.Client.UpdateStateAsync(threadId, new JsonObject { ["status"] = "approved", ["reason"] = "ops override" }, asNode: "approval");

        Assert.Equal("completed", updated.Status);
        Assert.Empty(updated.Interrupts);
        Assert.Equal("approved", updated.Values.GetProperty("status").GetString());
        Assert.Equal("ops override", updated.Values.GetProperty("reason").GetString());
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal((paused.Interrupts[0].Id, "updated"), (resolved.InterruptId, resolved.Outcome));
        Assert.Equal(["approval"], (await host.NodeRunsAsync(threadId)));
        Assert.True(await host.AnyAsync<ThreadCompleted>(m => m.ThreadId == threadId));
    }

    private static string[] Notes(ThreadStateSnapshot snapshot) =>
        [.. snapshot.Values.GetProperty("notes").EnumerateArray().Select(v => v.GetString()!)];

    /// <summary>write -> human (asks to approve the draft) -> finish, as in LangGraph's update-state example.</summary>
    private static CompiledGraph DraftGraph(ConcurrentDictionary<string, int> entries) =>
        new StateGraph<DraftState>("draft")
            .Channel(s => s.Notes, Reducers.Append)
            .AddNode("write", (_, ctx) =>
            {
                entries.AddOrUpdate("write", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Draft, "v1").Set(s => s.Notes, ["write"]);
            })
            .AddNode("human", (state, ctx) =>
            {
                entries.AddOrUpdate("human", 1, (_, n) => n + 1);
                var by = ctx.Interrupt<string>(new { question = "approve draft?", draft = state.Draft });
                return ctx.Update().Set(s => s.ApprovedBy, by).Set(s => s.Notes, [$"human saw draft={state.Draft}"]);
            })
            .AddNode("finish", (state, ctx) =>
            {
                entries.AddOrUpdate("finish", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Notes, [$"finish draft={state.Draft} approvedBy={state.ApprovedBy}"]);
            })
            .AddEdge(GraphNames.Start, "write")
            .AddEdge("write", "human")
            .AddEdge("human", "finish")
            .AddEdge("finish", GraphNames.End)
            .Compile();

    private sealed record DraftState
    {
        public string? Draft { get; init; }

        public string? ApprovedBy { get; init; }

        public List<string> Notes { get; init; } = [];
    }
}
