using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Graph.Tests;

/// <summary>Reminders before a deadline, deadlines moved by hand, and the thread's one wake-up time.</summary>
public sealed class ReminderExtensionTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    private sealed record State
    {
        public List<string>? Answers { get; init; }
    }

    private static CompiledGraph Asking(params (string Node, InterruptOptions? Options)[] asks)
    {
        var builder = new StateGraph<State>("reminders").Channel(s => s.Answers, Reducers.Append);
        foreach (var (node, options) in asks)
        {
            builder.AddNode(node, (s, ctx) => ctx.Update().Set(x => x.Answers, [$"{node}={GraphJson.Compact(ctx.Interrupt("approve?", options))}"]));
            builder.AddEdge(GraphNames.Start, node);
        }

        return builder.Compile();
    }

    private static async Task<(GraphExecutor Executor, ThreadCheckpoint Checkpoint, FakeTimeProvider Time)> Paused(params (string Node, InterruptOptions? Options)[] asks)
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var executor = new GraphExecutor(Asking(asks), time);
        return (executor, await executor.StartAsync("t", null), time);
    }

    [Fact]
    public async Task NextWakeUp_Reminder_IsTheEarliestThenTheDeadline()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour, RemindBefore = Quarter }));

        Assert.Equal(TestClock.Epoch + Hour - Quarter, checkpoint.NextWakeUp());

        time.Advance(Hour - Quarter);
        var result = executor.Planner.Expire(checkpoint, time.GetUtcNow());

        var reminded = Assert.Single(result.Reminders);
        Assert.True(reminded.Reminded);
        Assert.Empty(result.Resolved);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(TestClock.Epoch + Hour, checkpoint.NextWakeUp());
    }

    [Fact]
    public async Task Expire_ReminderAlreadySent_NotSentAgain()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour, RemindBefore = Quarter }));
        time.Advance(Hour - Quarter);
        executor.Planner.Expire(checkpoint, time.GetUtcNow());

        time.Advance(TimeSpan.FromMinutes(1));
        var again = executor.Planner.Expire(checkpoint, time.GetUtcNow());

        Assert.True(again.Ignored);
    }

    [Fact]
    public async Task Expire_DeadlineAndReminderBothPast_ResolvesWithoutReminder()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour, RemindBefore = Quarter }));

        time.Advance(2 * Hour);
        var result = executor.Planner.Expire(checkpoint, time.GetUtcNow());

        Assert.Empty(result.Reminders);
        Assert.Equal(ResolutionOutcomes.TimedOut, Assert.Single(result.Resolved).Outcome);
    }

    [Fact]
    public async Task NextWakeUp_NoDeadline_Null()
    {
        var (_, checkpoint, _) = await Paused(("ask", null));

        Assert.Null(checkpoint.NextWakeUp());
    }

    [Fact]
    public async Task NextWakeUp_TwoInterrupts_EarliestDeadline()
    {
        var (_, checkpoint, _) = await Paused(("soon", new InterruptOptions { Timeout = Hour }), ("late", new InterruptOptions { Timeout = 3 * Hour }));

        Assert.Equal(TestClock.Epoch + Hour, checkpoint.NextWakeUp());
    }

    [Fact]
    public async Task Extend_ByAnHour_MovesDeadlineAndReminderAndArmsReminderAgain()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour, RemindBefore = Quarter }));
        var id = Assert.Single(checkpoint.OpenInterrupts).Id;
        time.Advance(Hour - Quarter);
        executor.Planner.Expire(checkpoint, time.GetUtcNow());

        var result = executor.Planner.Extend(checkpoint, id, null, Hour, time.GetUtcNow());

        var open = Assert.Single(result.Extended);
        Assert.Equal(TestClock.Epoch + (2 * Hour), open.ExpiresAt);
        Assert.Equal(TestClock.Epoch + (2 * Hour) - Quarter, open.RemindAt);
        Assert.False(open.Reminded);
        Assert.Equal(open.RemindAt, checkpoint.NextWakeUp());

        time.Advance(Quarter);
        await executor.ExpireAsync(checkpoint);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
    }

    [Fact]
    public async Task Extend_ToAnAbsoluteTime_ThenExpiresOnlyThere()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour }));
        var id = Assert.Single(checkpoint.OpenInterrupts).Id;

        var result = executor.Planner.Extend(checkpoint, id, TestClock.Epoch + (5 * Hour), null, time.GetUtcNow());

        Assert.True(result.Changed);
        time.Advance(4 * Hour);
        await executor.ExpireAsync(checkpoint);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }

    [Fact]
    public async Task Extend_NoDeadline_IsRefusedNoDeadline_AndChangesNothing()
    {
        var (executor, checkpoint, time) = await Paused(("ask", null));
        var before = checkpoint.ToJson();
        time.Advance(Hour);

        var result = executor.Planner.Extend(checkpoint, checkpoint.OpenInterrupts.Single().Id, null, Hour, time.GetUtcNow());

        Assert.Equal(RejectionReasons.NoDeadline, result.Rejected?.Reason);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Null(checkpoint.NextWakeUp());
    }

    [Fact]
    public async Task Extend_PastTheLimit_IsRefusedMalformed_AndChangesNothing()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour }));
        var before = checkpoint.ToJson();
        var id = checkpoint.OpenInterrupts.Single().Id;

        var byMax = executor.Planner.Extend(checkpoint, id, null, TimeSpan.MaxValue, time.GetUtcNow());
        var byLimit = executor.Planner.Extend(checkpoint, id, null, Deadlines.MaxAhead, time.GetUtcNow());
        var toLate = executor.Planner.Extend(checkpoint, id, DateTimeOffset.MaxValue, null, time.GetUtcNow());

        Assert.All([byMax, byLimit, toLate], r => Assert.Equal(RejectionReasons.Malformed, r.Rejected?.Reason));
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Extend_Refusals_ChangeNothing()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour }));
        var id = checkpoint.OpenInterrupts.Single().Id;
        var before = checkpoint.ToJson();
        var now = time.GetUtcNow();

        Assert.Equal(RejectionReasons.Malformed, executor.Planner.Extend(checkpoint, id, null, null, now).Rejected?.Reason);
        Assert.Equal(RejectionReasons.Malformed, executor.Planner.Extend(checkpoint, id, now + Hour, Hour, now).Rejected?.Reason);
        Assert.Equal(RejectionReasons.Malformed, executor.Planner.Extend(checkpoint, id, null, -Hour, now).Rejected?.Reason);
        Assert.Equal(RejectionReasons.Malformed, executor.Planner.Extend(checkpoint, id, now - Hour, null, now).Rejected?.Reason);
        Assert.Equal(RejectionReasons.UnknownInterrupt, executor.Planner.Extend(checkpoint, new string('0', 32), null, Hour, now).Rejected?.Reason);
        Assert.Equal(before, checkpoint.ToJson());

        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);
        var resolved = executor.Resolved(checkpoint.ThreadId);
        Assert.Equal(RejectionReasons.AlreadyResolved, executor.Planner.Extend(checkpoint, id, null, Hour, time.GetUtcNow(), resolved).Rejected?.Reason);
        Assert.Equal(RejectionReasons.NotInterrupted, executor.Planner.Extend(checkpoint, new string('0', 32), null, Hour, time.GetUtcNow(), resolved).Rejected?.Reason);
    }

    [Fact]
    public async Task Extend_ResolvedInterruptWhileAnotherIsOpen_AlreadyResolved()
    {
        var (executor, checkpoint, time) = await Paused(("soon", new InterruptOptions { Timeout = Hour }), ("late", null));
        var soon = checkpoint.OpenInterrupts.Single(i => i.Node == "soon").Id;
        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        var result = executor.Planner.Extend(checkpoint, soon, null, Hour, time.GetUtcNow(), executor.Resolved(checkpoint.ThreadId));

        Assert.Equal(RejectionReasons.AlreadyResolved, result.Rejected?.Reason);
    }

    [Fact]
    public async Task Resume_AfterTimeout_AlreadyResolvedWhetherBareOrByMap()
    {
        var (executor, checkpoint, time) = await Paused(("ask", new InterruptOptions { Timeout = Hour }));
        var id = checkpoint.OpenInterrupts.Single().Id;
        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        var bare = executor.Planner.Resume(checkpoint, Graphs.Answer(true), time.GetUtcNow(), executor.Resolved(checkpoint.ThreadId));
        var byMap = executor.Planner.Resume(checkpoint, Graphs.Answers((id, true)), time.GetUtcNow(), executor.Resolved(checkpoint.ThreadId));

        Assert.Equal(RejectionReasons.AlreadyResolved, bare.Rejected?.Reason);
        Assert.Equal(RejectionReasons.AlreadyResolved, byMap.Rejected?.Reason);
    }
}
