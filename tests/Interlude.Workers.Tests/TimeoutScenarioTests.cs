using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Nodes;
using Interlude.Client;
using Interlude.Sagas.Scheduling;
using Interlude.Workers.Samples;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Workers.Tests;

/// <summary>
/// Approval timeouts on a clock the test moves: the scheduler fires when the fake time passes a
/// deadline, so an hour-long timeout takes a poll interval, not an hour.
/// </summary>
public sealed class TimeoutScenarioTests : ScenarioTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));

    private sealed record ReminderState
    {
        public string? Answer { get; init; }
    }

    /// <summary>Asks once, with a one-hour deadline and a reminder fifteen minutes before it.</summary>
    private static CompiledGraph Reminding() =>
        new StateGraph<ReminderState>("reminding")
            .AddNode("ask", (s, ctx) => ctx.Update().Set(x => x.Answer, GraphJson.Compact(ctx.Interrupt("ok?", new InterruptOptions { Timeout = Hour, RemindBefore = TimeSpan.FromMinutes(15) }))))
            .AddEdge(GraphNames.Start, "ask")
            .Compile();

    /// <summary>Holds before its only node; the breakpoint expires after an hour.</summary>
    private static CompiledGraph HeldAtBreakpoint() =>
        new StateGraph<ReminderState>("held")
            .AddNode("dangerous", (s, ctx) => ctx.Update().Set(x => x.Answer, "ran"))
            .AddEdge(GraphNames.Start, "dangerous")
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "dangerous" }, BreakpointTimeout = Hour });

    private Task<InterludeHarness> StartTimed(ThreadStore store) =>
        Start(store, [.. SampleGraphs.All, Reminding(), HeldAtBreakpoint()], services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));


    [StoreTheory]
    public async Task Timeout_NobodyAnswers_RejectedWithReasonTimeoutAndInterruptTimedOut(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal(time.GetUtcNow() + Hour, interrupt.ExpiresAt);
        Assert.Equal(interrupt.ExpiresAt, Assert.Single(await host.Client.ListInterruptsAsync("timed-approval"), i => i.ThreadId == threadId).ExpiresAt);

        time.Advance(Hour);

        var completed = await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Equal("rejected", completed.Values.GetProperty("status").GetString());
        Assert.Equal("timeout", completed.Values.GetProperty("reason").GetString());
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal((interrupt.Id, "timed-out", "timeout"), (resolved.InterruptId, resolved.Outcome, resolved.By));
        Assert.DoesNotContain(await host.Client.ListInterruptsAsync(), i => i.ThreadId == threadId);
        Assert.Equal(0, await host.ScheduledCountAsync());
    }

    [StoreTheory]
    public async Task Timeout_NotYetDue_ThreadStaysPaused(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);

        time.Advance(Hour - TimeSpan.FromSeconds(1));

        Assert.False(await host.AnyAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal("interrupted", (await host.Client.GetStateAsync(threadId))!.Status);
        Assert.Equal(1, await host.ScheduledCountAsync());
    }

    [StoreTheory]
    public async Task Timeout_ResumedBeforeExpiry_ApprovedAndTheTimeoutNeverFires(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);

        var approved = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));
        time.Advance(2 * Hour);

        Assert.Equal("completed", approved.Status);
        Assert.Equal("approved", approved.Values.GetProperty("status").GetString());
        Assert.Equal("answered", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Outcome);
        Assert.Equal(0, await host.ScheduledCountAsync());
        Assert.Empty(await host.SeenAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Timeout_FiresAfterTheResume_StaleTokenIgnored(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);
        var approved = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        // A wake-up that was already on its way when the resume unscheduled it.
        await host.Harness.Bus.Publish(
            new InterruptTimeoutExpired { ThreadId = threadId, DueAt = time.GetUtcNow() + Hour },
            c => c.Headers.Set(MessageHeaders.SchedulingTokenId, Guid.NewGuid().ToString("D")));
        time.Advance(2 * Hour);

        Assert.True(await host.AnyAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId));
        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal(approved.Revision, state!.Revision);
        Assert.DoesNotContain(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId), r => r.Outcome == "timed-out");
    }

    [StoreTheory]
    public async Task Timeout_ResumeAfterExpiry_RefusedAlreadyResolved(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(60), threadId);
        time.Advance(TimeSpan.FromMinutes(1));
        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);

        var bare = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, JsonValue.Create(true)));
        var byId = await Assert.ThrowsAsync<ThreadCommandException>(() =>
            host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [paused.Interrupts[0].Id] = JsonValue.Create(true) }));

        Assert.Equal(("already-resolved", "already-resolved"), (bare.Reason, byId.Reason));
        Assert.True(await host.AnyAsync<ResumeRejected>(m => m.ThreadId == threadId && m.Reason == "already-resolved"));
        Assert.Equal("rejected", (await host.Client.GetStateAsync(threadId))!.Values.GetProperty("status").GetString());
    }

    [StoreTheory]
    public async Task Reminder_BeforeTheDeadline_PublishedOnceThenTheTimeoutFires(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("reminding", [], threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        time.Advance(TimeSpan.FromMinutes(45));
        var reminder = await host.PublishedAsync<InterruptReminderDue>(m => m.ThreadId == threadId);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal((interrupt.Id, "ask", "reminding", interrupt.ExpiresAt), (reminder.InterruptId, reminder.Node, reminder.Graph, (DateTimeOffset?)reminder.ExpiresAt));
        Assert.Single(await host.SeenAsync<InterruptReminderDue>(m => m.ThreadId == threadId));
        Assert.Equal("interrupted", (await host.Client.GetStateAsync(threadId))!.Status);

        time.Advance(TimeSpan.FromMinutes(10));
        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Single(await host.SeenAsync<InterruptReminderDue>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Extend_ByAnHour_TheOldDeadlinePassesQuietlyAndTheNewOneFires(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);
        var interrupt = Assert.Single(paused.Interrupts);

        var extended = await host.Client.ExtendDeadlineAsync(threadId, interrupt.Id, null, Hour);

        Assert.Equal("interrupted", extended.Status);
        Assert.Equal(interrupt.ExpiresAt + Hour, Assert.Single(extended.Interrupts).ExpiresAt);
        Assert.Equal(interrupt.ExpiresAt + Hour, Assert.Single(await host.Client.ListInterruptsAsync("timed-approval"), i => i.ThreadId == threadId).ExpiresAt);
        time.Advance(Hour);
        Assert.False(await host.AnyAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal(1, await host.ScheduledCountAsync());

        time.Advance(Hour);
        var completed = await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Equal("timeout", completed.Values.GetProperty("reason").GetString());
    }

    [StoreTheory]
    public async Task Extend_ToAnEarlierTime_FiresThere(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);

        await host.Client.ExtendDeadlineAsync(threadId, paused.Interrupts[0].Id, time.GetUtcNow() + TimeSpan.FromMinutes(10), null);
        time.Advance(TimeSpan.FromMinutes(10));

        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        Assert.Equal(0, await host.ScheduledCountAsync());
    }

    [StoreTheory]
    public async Task Extend_Refusals_UnknownInterruptAlreadyResolvedNotInterrupted(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);

        var unknown = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ExtendDeadlineAsync(threadId, new string('0', 32), null, Hour));
        await host.Client.ResumeAsync(threadId, JsonValue.Create(false));
        var resolved = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ExtendDeadlineAsync(threadId, paused.Interrupts[0].Id, null, Hour));
        var finished = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ExtendDeadlineAsync(threadId, new string('0', 32), null, Hour));
        var missing = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ExtendDeadlineAsync(InterludeHarness.NewThreadId(), paused.Interrupts[0].Id, null, Hour));

        Assert.Equal("unknown-interrupt", unknown.Reason);
        Assert.Equal("already-resolved", resolved.Reason);
        Assert.Equal("not-interrupted", finished.Reason);
        Assert.Equal("thread-not-found", missing.Reason);
    }

    [StoreTheory]
    public async Task Cancel_PausedTimedThread_UnschedulesItsTimeout(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("timed-approval", TimedApproval.Input(3600), threadId);
        Assert.Equal(1, await host.ScheduledCountAsync());

        await host.Client.CancelAsync(threadId);
        time.Advance(2 * Hour);

        Assert.Equal(0, await host.ScheduledCountAsync());
        Assert.Empty(await host.SeenAsync<InterruptTimeoutExpired>(m => m.ThreadId == threadId));
        Assert.Equal("cancelled", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Outcome);
    }

    [StoreTheory]
    public async Task Breakpoint_Expires_ThreadCancelledWithReasonTimeoutAndNodeNeverRuns(ThreadStore store)
    {
        await using var host = await StartTimed(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("held", [], threadId);
        Assert.Equal(time.GetUtcNow() + Hour, Assert.Single(paused.Interrupts).ExpiresAt);

        time.Advance(Hour);

        var cancelled = await host.PublishedAsync<ThreadCancelled>(m => m.ThreadId == threadId);
        Assert.Equal("timeout", cancelled.Reason);
        Assert.Equal("timed-out", Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Outcome);
        Assert.Empty(await host.NodeRunsAsync(threadId));
    }
}
