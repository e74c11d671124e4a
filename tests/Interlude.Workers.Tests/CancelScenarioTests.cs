using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Client;

namespace Interlude.Workers.Tests;

/// <summary>Cancelling a paused thread: its interrupts close as cancelled, and it accepts no more answers.</summary>
public sealed class CancelScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task Cancel_PausedThread_CancelledWithItsInterruptResolvedAndLaterResumeRefused(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        var cancelled = await host.Client.CancelAsync(threadId);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("requested", cancelled.CancelReason);
        Assert.Empty(cancelled.Interrupts);
        Assert.Equal("pending", cancelled.Values.GetProperty("status").GetString());
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal((interrupt.Id, "cancelled"), (resolved.InterruptId, resolved.Outcome));
        var published = await host.PublishedAsync<ThreadCancelled>(m => m.ThreadId == threadId);
        Assert.Equal(("approval", "requested"), (published.Graph, published.Reason));
        Assert.DoesNotContain(await host.Client.ListInterruptsAsync(), i => i.ThreadId == threadId);

        var refused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, JsonValue.Create(true)));

        Assert.Equal("not-interrupted", refused.Reason);
        Assert.True(await host.AnyAsync<ResumeRejected>(m => m.ThreadId == threadId && m.Reason == "not-interrupted"));
        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("cancelled", state!.Status);
        Assert.Equal(cancelled.Revision, state.Revision);
        Assert.Equal(["approval"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task Cancel_WithAReasonAtABreakpoint_KeepsTheReasonAndClosesTheBreakpoint(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("pipeline", new JsonObject { ["topic"] = "otters" }, threadId);

        var cancelled = await host.Client.CancelAsync(threadId, "topic dropped");

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("topic dropped", cancelled.CancelReason);
        Assert.Equal("cancelled", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId && m.InterruptId == paused.Interrupts[0].Id)).Outcome);
        Assert.Equal("topic dropped", (await host.PublishedAsync<ThreadCancelled>(m => m.ThreadId == threadId)).Reason);
        Assert.Empty((await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task Cancel_ParallelInterrupts_ClosesEveryOpenInterrupt(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("parallel", [], threadId);

        await host.Client.CancelAsync(threadId);

        var resolved = await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId);
        Assert.Equal(paused.Interrupts.Select(i => i.Id).Order(), resolved.Select(r => r.InterruptId).Order());
        Assert.All(resolved, r => Assert.Equal("cancelled", r.Outcome));
        var again = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.CancelAsync(threadId));
        Assert.Equal("already-finished", again.Reason);
    }
}
