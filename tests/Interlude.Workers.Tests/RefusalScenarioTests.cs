using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Client;

namespace Interlude.Workers.Tests;

/// <summary>
/// Every refused input: the client throws <see cref="ThreadCommandException"/> with the machine-readable
/// reason, the refusal is published, and the thread is unchanged (where LangGraph is silent or lax).
/// </summary>
public sealed class RefusalScenarioTests : ScenarioTests
{
    private static readonly JsonObject ApprovalInput = new() { ["action_details"] = "deploy", ["status"] = "pending" };

    [StoreTheory]
    public async Task Refusal_ResumeOfACompletedThread_NotInterrupted(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, JsonValue.Create(true)), "not-interrupted");

        Assert.Equal(["approval", "approval", "proceed"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task Refusal_ResumeOfARunningFreeThread_NotInterrupted(ThreadStore store)
    {
        // A thread that never paused (pipeline-free graph would do too): validate-age ended after one good answer.
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("validate-age", [], threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create(40));

        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [new string('a', 32)] = 1 }), "not-interrupted");
    }

    [StoreTheory]
    public async Task Refusal_UnknownInterruptId_UnknownInterrupt(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);

        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { ["0123456789abcdef0123456789abcdef"] = true }), "unknown-interrupt");

        Assert.Equal(["approval"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task Refusal_InterruptIdOfAnotherThread_UnknownInterrupt(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var otherId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        var other = await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), otherId);

        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [other.Interrupts[0].Id] = true }), "unknown-interrupt");
    }

    [StoreTheory]
    public async Task Refusal_AnsweredInterruptIdAgain_AlreadyResolved(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var first = await host.Client.InvokeAsync("multi-question", [], threadId);
        var nameId = first.Interrupts[0].Id;
        await host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [nameId] = "Ada" });

        // LangGraph would take this as the answer to the pending question; Interlude refuses it.
        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [nameId] = "Grace" }), "already-resolved");

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(36));
        Assert.Equal("Ada", done.Values.GetProperty("name").GetString());
    }

    [StoreTheory]
    public async Task Refusal_BareValueWithTwoOpenInterrupts_Ambiguous(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("parallel", [], threadId);

        var refused = await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, JsonValue.Create("same for both")), "ambiguous");

        Assert.Equal(["a", "b"], (await host.NodeRunsAsync(threadId)).Order());
        Assert.Contains("map", refused.Message, StringComparison.Ordinal);
    }

    [StoreTheory]
    public async Task Refusal_AnswerTheValidatorRefuses_InvalidAnswerAndTheInterruptStaysOpen(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);

        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, JsonValue.Create("yes")), "invalid-answer");
        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new JsonObject { ["approved"] = "yes" }), "invalid-answer");
        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, new JsonObject { ["approved"] = true, ["extra"] = 1 }), "invalid-answer");

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single(state!.Interrupts).Id);
        Assert.Contains(await host.Client.ListInterruptsAsync("approval"), i => i.ThreadId == threadId);
        Assert.Empty(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal(["approval"], (await host.NodeRunsAsync(threadId)));

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("completed", done.Status);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
    }

    [StoreTheory]
    public async Task Refusal_ResumeOfAThreadThatDoesNotExist_ThreadNotFound(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId("missing");

        var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, JsonValue.Create(true)));

        Assert.Equal("thread-not-found", refused.Reason);
        Assert.Equal("thread-not-found", (await host.PublishedAsync<ResumeRejected>(m => m.ThreadId == threadId)).Reason);
        Assert.Null(await host.Client.GetStateAsync(threadId));
    }

    [StoreTheory]
    public async Task Refusal_UpdateOrCancelOfAThreadThatDoesNotExist_ThreadNotFound(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId("missing");

        var update = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.UpdateStateAsync(threadId, new JsonObject { ["x"] = 1 }));
        var cancel = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.CancelAsync(threadId));

        Assert.Equal(("thread-not-found", "thread-not-found"), (update.Reason, cancel.Reason));
        Assert.True(await host.AnyAsync<CommandRejected>(m => m.ThreadId == threadId && m.Command == nameof(UpdateThreadState)));
        Assert.True(await host.AnyAsync<CommandRejected>(m => m.ThreadId == threadId && m.Command == nameof(CancelThread)));
        Assert.All(await host.SeenAsync<CommandRejected>(m => m.ThreadId == threadId), r => Assert.Equal("thread-not-found", r.Reason));
        Assert.Null(await host.Client.GetStateAsync(threadId));
    }

    [StoreTheory]
    public async Task Refusal_StartOfAnExistingThread_ThreadExists(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);

        var refused = await AssertCommandRefusedAsync(host, threadId, () => host.Client.InvokeAsync("review-edit", new JsonObject { ["generated_text"] = "x" }, threadId), "thread-exists", nameof(StartThread));

        Assert.Equal("approval", (await host.Client.GetStateAsync(threadId))!.Graph);
        Assert.Single(await host.SeenAsync<ThreadStarted>(m => m.ThreadId == threadId));
        Assert.Contains(threadId, refused.Message, StringComparison.Ordinal);
    }

    [StoreTheory]
    public async Task Refusal_StartOfAnUnknownGraph_GraphNotFoundAndNothingIsCreated(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.InvokeAsync("no-such-graph", [], threadId));

        Assert.Equal("graph-not-found", refused.Reason);
        var published = await host.PublishedAsync<CommandRejected>(m => m.ThreadId == threadId);
        Assert.Equal(("graph-not-found", nameof(StartThread)), (published.Reason, published.Command));
        Assert.Null(await host.Client.GetStateAsync(threadId));
        Assert.Empty(await host.SeenAsync<ThreadStarted>(m => m.ThreadId == threadId));

        // Nothing was created, so the id is still free.
        var paused = await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        Assert.Equal("interrupted", paused.Status);
    }

    [StoreTheory]
    public async Task Refusal_StartWithAMalformedThreadId_Malformed(ThreadStore store)
    {
        await using var host = await Start(store);

        var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), "not a valid id!"));

        Assert.Equal("malformed", refused.Reason);
    }

    [StoreTheory]
    public async Task Refusal_UpdateOrCancelOfACompletedThread_AlreadyFinished(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create(false));

        await AssertCommandRefusedAsync(host, threadId, () => host.Client.UpdateStateAsync(threadId, new JsonObject { ["status"] = "approved" }), "already-finished", nameof(UpdateThreadState));
        await AssertCommandRefusedAsync(host, threadId, () => host.Client.UpdateStateAsync(threadId, new JsonObject { ["status"] = "approved" }, asNode: "proceed"), "already-finished", nameof(UpdateThreadState));
        await AssertCommandRefusedAsync(host, threadId, () => host.Client.CancelAsync(threadId), "already-finished", nameof(CancelThread));

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("completed", state!.Status);
        Assert.Equal("rejected", state.Values.GetProperty("status").GetString());
        Assert.Empty(await host.SeenAsync<ThreadCancelled>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Refusal_UpdateAsAnUnknownNode_UnknownNode(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);

        await AssertCommandRefusedAsync(host, threadId, () => host.Client.UpdateStateAsync(threadId, new JsonObject { ["status"] = "approved" }, asNode: "nope"), "unknown-node", nameof(UpdateThreadState));

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("pending", state!.Values.GetProperty("status").GetString());
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single(state.Interrupts).Id);
    }

    [StoreTheory]
    public async Task Refusal_OverTheBus_AnswerWithoutTheApproversRoles_Forbidden_ThenAnApproverAnswers(ThreadStore store)
    {
        await using var host = await Start(store, NarrowedApprovalGraphs.All);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync(NarrowedApprovalGraphs.CfoApproval, [], threadId);

        // Producers on the bus are trusted, but not past the interrupt's approvers: no roles, or other roles, are refused.
        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, JsonValue.Create(true)), "forbidden");
        await AssertResumeRefusedAsync(host, threadId, () => host.ClientAs("bob", "approver").ResumeAsync(threadId, JsonValue.Create(true)), "forbidden");
        var done = await host.ClientAs("carol", "finance").ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("completed", done.Status);
        Assert.Equal("carol", (await host.PublishedAsync<InterruptResolved>(m => m.ThreadId == threadId)).By);
    }

    [StoreTheory]
    public async Task Refusal_FourEyes_TheStarterOrAnUnnamedAnswer_Forbidden_AnotherPersonAnswers(ThreadStore store)
    {
        await using var host = await Start(store, NarrowedApprovalGraphs.All);
        var threadId = InterludeHarness.NewThreadId();
        var started = await host.ClientAs("alice", "starter", "approver").InvokeAsync(NarrowedApprovalGraphs.FourEyesApproval, [], threadId);
        Assert.Equal("alice", started.StartedBy);
        Assert.True(Assert.Single(started.Interrupts).FourEyes);

        await AssertResumeRefusedAsync(host, threadId, () => host.ClientAs("alice", "approver").ResumeAsync(threadId, JsonValue.Create(true)), "forbidden");
        await AssertResumeRefusedAsync(host, threadId, () => host.Client.ResumeAsync(threadId, JsonValue.Create(true)), "forbidden");
        var done = await host.ClientAs("bob").ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("completed", done.Status);
        Assert.Equal("alice", (await host.Client.GetStateAsync(threadId))!.StartedBy);
    }

    [StoreTheory]
    public async Task Inbox_SaysWhoMayAnswer_AndMineFiltersToThose(ThreadStore store)
    {
        await using var host = await Start(store, NarrowedApprovalGraphs.All);
        var cfo = InterludeHarness.NewThreadId();
        var fourEyes = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync(NarrowedApprovalGraphs.CfoApproval, [], cfo);
        await host.ClientAs("alice").InvokeAsync(NarrowedApprovalGraphs.FourEyesApproval, [], fourEyes);
        bool Ours(Contracts.PendingInterrupt i) => i.ThreadId == cfo || i.ThreadId == fourEyes;

        var asAlice = (await host.ClientAs("alice", "approver").ListInterruptsAsync()).Where(Ours).ToDictionary(i => i.ThreadId, i => i.MayAnswer);
        var asCarol = (await host.ClientAs("carol", "cfo").ListInterruptsAsync()).Where(Ours).ToDictionary(i => i.ThreadId, i => i.MayAnswer);
        var mineOfAlice = (await host.ClientAs("alice", "approver").ListInterruptsAsync(mine: true)).Where(Ours);
        var mineOfCarol = (await host.ClientAs("carol", "cfo").ListInterruptsAsync(mine: true)).Where(Ours);

        Assert.Equal(new Dictionary<string, bool> { [cfo] = false, [fourEyes] = false }, asAlice);
        Assert.Equal(new Dictionary<string, bool> { [cfo] = true, [fourEyes] = true }, asCarol);
        Assert.Empty(mineOfAlice);
        Assert.Equal([cfo, fourEyes], mineOfCarol.Select(i => i.ThreadId));
        var row = Assert.Single(await host.Client.ListInterruptsAsync(NarrowedApprovalGraphs.CfoApproval), i => i.ThreadId == cfo);
        Assert.Equal(["cfo", "finance"], row.Approvers);
        Assert.Null(row.StartedBy);
    }

    /// <summary>Runs a refused resume: the reason, a published <see cref="ResumeRejected"/>, and the thread unchanged.</summary>
    private static async Task<ThreadCommandException> AssertResumeRefusedAsync(InterludeHarness host, string threadId, Func<Task> resume, string reason)
    {
        bool Match(ResumeRejected m) => m.ThreadId == threadId && m.Reason == reason;
        var before = (await host.SeenAsync<ResumeRejected>(Match)).Count;
        var refused = await AssertUnchangedAsync(host, threadId, resume, reason);
        await host.PublishedAsync<ResumeRejected>(Match, before + 1);
        Assert.Equal(before + 1, (await host.SeenAsync<ResumeRejected>(Match)).Count);
        return refused;
    }

    /// <summary>Runs a refused start, update or cancel: the reason, a published <see cref="CommandRejected"/>, and the thread unchanged.</summary>
    private static async Task<ThreadCommandException> AssertCommandRefusedAsync(InterludeHarness host, string threadId, Func<Task> command, string reason, string commandName)
    {
        bool Match(CommandRejected m) => m.ThreadId == threadId && m.Reason == reason && m.Command == commandName;
        var before = (await host.SeenAsync<CommandRejected>(Match)).Count;
        var refused = await AssertUnchangedAsync(host, threadId, command, reason);
        await host.PublishedAsync<CommandRejected>(Match, before + 1);
        Assert.Equal(before + 1, (await host.SeenAsync<CommandRejected>(Match)).Count);
        return refused;
    }

    private static async Task<ThreadCommandException> AssertUnchangedAsync(InterludeHarness host, string threadId, Func<Task> command, string reason)
    {
        var before = await host.Client.GetStateAsync(threadId);
        Assert.NotNull(before);

        var refused = await Assert.ThrowsAsync<ThreadCommandException>(command);

        Assert.Equal(reason, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        var after = await host.Client.GetStateAsync(threadId);
        Assert.NotNull(after);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.CheckpointId, after.CheckpointId);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Values.GetRawText(), after.Values.GetRawText());
        Assert.Equal(before.Interrupts.Select(i => i.Id), after.Interrupts.Select(i => i.Id));
        return refused;
    }
}
