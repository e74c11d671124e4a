using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's "approve or reject": the answer routes the thread (<c>Command(goto)</c>).</summary>
public sealed class ApproveRejectScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task ApproveReject_True_RoutesToProceedAndEndsApproved(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await StartAsync(host, threadId);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal("approval", interrupt.Node);
        Assert.Equal("during", interrupt.When);
        Assert.Empty(interrupt.Ns);
        Assert.Equal("Do you approve this action?", interrupt.Value!.Value.GetProperty("question").GetString());
        Assert.Equal(["approval"], paused.Next);

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true), by: "alice");

        Assert.Equal("completed", done.Status);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        Assert.Empty(done.Interrupts);
        Assert.Empty(done.Next);
        Assert.Equal(["approval", "approval", "proceed"], (await host.NodeRunsAsync(threadId)));
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal(interrupt.Id, resolved.InterruptId);
        Assert.Equal("answered", resolved.Outcome);
        Assert.Equal("alice", resolved.By);
        Assert.True(resolved.Answer!.Value.GetBoolean());
        var completed = await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Equal("approved", completed.Values.GetProperty("status").GetString());
    }

    [StoreTheory]
    public async Task ApproveReject_False_RoutesToCancelAndEndsRejected(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await StartAsync(host, threadId);

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(false));

        Assert.Equal("completed", done.Status);
        Assert.Equal("rejected", done.Values.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, done.Values.GetProperty("reason").ValueKind);
        Assert.Equal(["approval", "approval", "cancel"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task ApproveReject_ObjectWithReason_EndsRejectedWithReason(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await StartAsync(host, threadId);

        var done = await host.Client.ResumeAsync(threadId, new JsonObject { ["approved"] = false, ["reason"] = "too risky" });

        Assert.Equal("completed", done.Status);
        Assert.Equal("rejected", done.Values.GetProperty("status").GetString());
        Assert.Equal("too risky", done.Values.GetProperty("reason").GetString());
        Assert.DoesNotContain("proceed", (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task ApproveReject_ObjectApproved_EndsApproved(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await StartAsync(host, threadId);

        var done = await host.Client.ResumeAsync(threadId, new JsonObject { ["approved"] = true });

        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        Assert.DoesNotContain("cancel", (await host.NodeRunsAsync(threadId)));
    }

    private static async Task<ThreadStateSnapshot> StartAsync(InterludeHarness host, string threadId)
    {
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "drop table users", ["status"] = "pending" }, threadId);
        Assert.Equal("interrupted", paused.Status);
        Assert.Equal("drop table users", Assert.Single(paused.Interrupts).Value!.Value.GetProperty("details").GetString());
        Assert.True(await host.AnyAsync<InterruptRaised>(m => m.ThreadId == threadId));
        return paused;
    }
}
