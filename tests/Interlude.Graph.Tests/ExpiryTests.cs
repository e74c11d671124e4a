using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Graph.Tests;

public sealed class ExpiryTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private sealed record State
    {
        public List<string>? Answers { get; init; }
    }

    private sealed record ChildState
    {
        public string? Answer { get; init; }
    }

    private sealed record ParentState
    {
        public string? Answer { get; init; }
    }

    /// <summary>One node per entry of <paramref name="timeouts"/>, all in the first step; each records its answer as compact JSON.</summary>
    private static CompiledGraph Asking(GraphOptions? options, params (string Node, InterruptOptions? Options)[] timeouts)
    {
        var builder = new StateGraph<State>("expiry").Channel(s => s.Answers, Reducers.Append);
        foreach (var (node, interruptOptions) in timeouts)
        {
            builder.AddNode(node, (s, ctx) => ctx.Update().Set(x => x.Answers, [$"{node}={GraphJson.Compact(ctx.Interrupt("approve?", interruptOptions))}"]));
            builder.AddEdge(GraphNames.Start, node);
        }

        return builder.Compile(options);
    }

    [Fact]
    public async Task Expire_DueInterrupt_ResolvedWithDefaultTimeoutValue()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var executor = new GraphExecutor(Asking(null, ("ask", new InterruptOptions { Timeout = Hour })), time);
        var checkpoint = await executor.StartAsync("t", null);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(TestClock.Epoch, open.RaisedAt);
        Assert.Equal(TestClock.Epoch + Hour, open.ExpiresAt);

        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["ask={\"approved\":false,\"reason\":\"timeout\"}"], checkpoint.Strings("answers"));
        var resolved = Assert.Single(executor.Resolved(checkpoint.ThreadId));
        Assert.Equal((open.Id, ResolutionOutcomes.TimedOut, "timeout"), (resolved.Id, resolved.Outcome, resolved.By));
        Assert.Equal(TestClock.Epoch + Hour, resolved.ResolvedAt);
    }

    [Fact]
    public async Task Interrupt_WithATimeoutPastTheLimit_FailsItsTaskNamingTheLimit()
    {
        var executor = new GraphExecutor(Asking(null, ("ask", new InterruptOptions { Timeout = Deadlines.MaxAhead + Hour })), new FakeTimeProvider(TestClock.Epoch));

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("ask", checkpoint.Error!.Node);
        Assert.Contains("366 days", checkpoint.Error.Message, StringComparison.Ordinal);
        Assert.Empty(checkpoint.OpenInterrupts);
    }

    [Fact]
    public void Compile_WithABreakpointTimeoutPastTheLimit_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Asking(new GraphOptions { BreakpointTimeout = TimeSpan.MaxValue }, ("ask", null)));

        Assert.Contains("366 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expire_CustomTimeoutValue_IsTheAnswer()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var options = new InterruptOptions { Timeout = Hour, TimeoutValue = new { approved = false, reason = "nobody came" } };
        var executor = new GraphExecutor(Asking(null, ("ask", options)), time);
        var checkpoint = await executor.StartAsync("t", null);

        time.Advance(2 * Hour);
        await executor.ExpireAsync(checkpoint);

        Assert.Equal(["ask={\"approved\":false,\"reason\":\"nobody came\"}"], checkpoint.Strings("answers"));
    }

    [Fact]
    public async Task Expire_NotYetDue_IgnoredAndNothingChanges()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var executor = new GraphExecutor(Asking(null, ("ask", new InterruptOptions { Timeout = Hour })), time);
        var checkpoint = await executor.StartAsync("t", null);
        var before = checkpoint.ToJson();

        time.Advance(Hour - TimeSpan.FromSeconds(1));
        var result = executor.Planner.Expire(checkpoint, time.GetUtcNow());
        await executor.ExpireAsync(checkpoint);

        Assert.True(result.Ignored);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
    }

    [Fact]
    public async Task Expire_NoTimeout_NeverExpires()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var executor = new GraphExecutor(Asking(null, ("ask", null)), time);
        var checkpoint = await executor.StartAsync("t", null);

        Assert.Null(Assert.Single(checkpoint.OpenInterrupts).ExpiresAt);
        time.Advance(TimeSpan.FromDays(365));
        await executor.ExpireAsync(checkpoint);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
    }

    [Fact]
    public async Task Expire_OneDueOneNot_OnlyDueResolvedAndThreadStaysPaused()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var graph = Asking(null, ("soon", new InterruptOptions { Timeout = Hour }), ("late", new InterruptOptions { Timeout = 3 * Hour }));
        var executor = new GraphExecutor(graph, time);
        var checkpoint = await executor.StartAsync("t", null);
        var late = checkpoint.OpenInterrupts.Single(i => i.Node == "late");

        time.Advance(2 * Hour);
        var result = executor.Planner.Expire(checkpoint, time.GetUtcNow());

        var resolution = Assert.Single(result.Resolved);
        Assert.Equal("soon", resolution.Interrupt.Node);
        Assert.Equal(ResolutionOutcomes.TimedOut, resolution.Outcome);
        Assert.Equal("soon", Assert.Single(result.Dispatch).Node);
        Assert.Equal(late.Id, Assert.Single(checkpoint.OpenInterrupts).Id);

        await executor.RunAsync(checkpoint, result, default);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(late.Id, Assert.Single(checkpoint.OpenInterrupts).Id);

        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(2, checkpoint.Strings("answers").Count);
    }

    [Fact]
    public async Task Expire_GraphDefaultTimeout_AppliesWhenInterruptSetsNone()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var executor = new GraphExecutor(Asking(new GraphOptions { DefaultInterruptTimeout = Hour }, ("ask", null)), time);
        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(TestClock.Epoch + Hour, Assert.Single(checkpoint.OpenInterrupts).ExpiresAt);
        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        Assert.Equal(["ask={\"approved\":false,\"reason\":\"timeout\"}"], checkpoint.Strings("answers"));
    }

    [Fact]
    public async Task Expire_RemindBefore_SetsRemindAtBeforeDeadline()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var options = new InterruptOptions { Timeout = 2 * Hour, RemindBefore = TimeSpan.FromMinutes(15) };
        var checkpoint = await new GraphExecutor(Asking(null, ("ask", options)), time).StartAsync("t", null);

        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(TestClock.Epoch + (2 * Hour) - TimeSpan.FromMinutes(15), open.RemindAt);
    }

    [Fact]
    public async Task Expire_DueBreakpoint_CancelsThreadWithReasonTimeoutAndNodeNeverRuns()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var ran = 0;
        var graph = new StateGraph<State>("breakpoint")
            .AddNode("dangerous", (s, ctx) =>
            {
                ran++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "dangerous")
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "dangerous" }, BreakpointTimeout = Hour });
        var executor = new GraphExecutor(graph, time);
        var checkpoint = await executor.StartAsync("t", null);
        var breakpoint = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(TestClock.Epoch + Hour, breakpoint.ExpiresAt);

        time.Advance(TimeSpan.FromMinutes(59));
        await executor.ExpireAsync(checkpoint);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);

        time.Advance(TimeSpan.FromMinutes(1));
        var result = executor.Planner.Expire(checkpoint, time.GetUtcNow());

        Assert.Equal(ThreadStatus.Cancelled, checkpoint.Status);
        Assert.Equal("timeout", checkpoint.CancelReason);
        Assert.Empty(result.Dispatch);
        Assert.Equal(ResolutionOutcomes.TimedOut, Assert.Single(result.Resolved).Outcome);
        Assert.Empty(checkpoint.OpenInterrupts);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task Expire_ChildInterruptWithValidator_TimeoutValueReachesChildNode()
    {
        var time = new FakeTimeProvider(TestClock.Epoch);
        var approval = new AnswerValidator("approval", answer => answer is JsonObject { Count: 1 } o && o.ContainsKey("approved") ? null : "answer {approved}");
        var child = new StateGraph<ChildState>("child")
            .AddValidator(approval)
            .AddNode("ask", (s, ctx) => ctx.Update().Set(x => x.Answer, GraphJson.Compact(ctx.Interrupt("ok?", new InterruptOptions { Timeout = Hour, Validator = approval }))))
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var parent = new StateGraph<ParentState>("parent")
            .AddSubgraph("child", child)
            .AddNode("ask_child", async (s, ctx) => ctx.Update().Set(x => x.Answer, (await ctx.Subgraph<ChildState>("child", null)).Answer))
            .AddEdge(GraphNames.Start, "ask_child")
            .Compile();
        var executor = new GraphExecutor(parent, time);
        var checkpoint = await executor.StartAsync("t", null);
        Assert.Equal(TestClock.Epoch + Hour, Assert.Single(checkpoint.OpenInterrupts).ExpiresAt);

        time.Advance(Hour);
        await executor.ExpireAsync(checkpoint);

        Assert.Null(checkpoint.Error);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("{\"approved\":false,\"reason\":\"timeout\"}", checkpoint.Text("answer"));
    }
}
