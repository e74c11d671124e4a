using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class CancelTests
{
    private sealed record State
    {
        public string? A { get; init; }

        public string? B { get; init; }
    }

    private static CompiledGraph TwoAsking(GraphOptions? options = null) =>
        new StateGraph<State>("cancel")
            .AddNode("a", (s, ctx) => ctx.Update().Set(x => x.A, ctx.Interrupt<string>("a?")))
            .AddNode("b", (s, ctx) => ctx.Update().Set(x => x.B, ctx.Interrupt<string>("b?")))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile(options);

    [Fact]
    public async Task Cancel_PausedThread_OpenInterruptsResolvedCancelledAndStatusCancelled()
    {
        var executor = new GraphExecutor(TwoAsking());
        var checkpoint = await executor.StartAsync("t", null);
        var open = checkpoint.OpenInterrupts.Select(i => i.Id).ToList();
        Assert.Equal(2, open.Count);

        var result = executor.Planner.Cancel(checkpoint, "requested", TestClock.Epoch);

        Assert.Null(result.Rejected);
        Assert.Equal(ThreadStatus.Cancelled, checkpoint.Status);
        Assert.Equal("requested", checkpoint.CancelReason);
        Assert.Empty(checkpoint.OpenInterrupts);
        Assert.Equal(open, result.Resolved.Select(r => r.Interrupt.Id));
        Assert.All(result.Resolved, r => Assert.Equal(ResolutionOutcomes.Cancelled, r.Outcome));
        Assert.All(result.Resolved, r => Assert.Equal(TestClock.Epoch, r.ResolvedAt));
        Assert.Empty(result.Dispatch);
    }

    [Fact]
    public async Task Cancel_Twice_SecondRefusedAlreadyFinishedAndNothingChanges()
    {
        var executor = new GraphExecutor(TwoAsking());
        var checkpoint = await executor.StartAsync("t", null);
        executor.Planner.Cancel(checkpoint, "requested", TestClock.Epoch);
        var before = checkpoint.ToJson();

        var second = executor.Planner.Cancel(checkpoint, "again", TestClock.Epoch);

        Assert.Equal(RejectionReasons.AlreadyFinished, second.Rejected!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal("requested", checkpoint.CancelReason);
    }

    [Fact]
    public async Task Cancel_ThenResume_RefusedNotInterrupted()
    {
        var executor = new GraphExecutor(TwoAsking());
        var checkpoint = await executor.StartAsync("t", null);
        var id = checkpoint.OpenInterrupts.First().Id;
        executor.Planner.Cancel(checkpoint, "requested", TestClock.Epoch);

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((id, "late")));

        Assert.Equal(RejectionReasons.NotInterrupted, rejection!.Reason);
        Assert.Equal(ThreadStatus.Cancelled, checkpoint.Status);
    }

    [Fact]
    public async Task Cancel_AtBreakpoint_BreakpointResolvedCancelled()
    {
        var executor = new GraphExecutor(TwoAsking(new GraphOptions { InterruptBefore = new HashSet<string> { "a" } }));
        var checkpoint = await executor.StartAsync("t", null);
        var breakpoint = Assert.Single(checkpoint.OpenInterrupts);

        var result = executor.Planner.Cancel(checkpoint, "requested", TestClock.Epoch);

        Assert.Equal(breakpoint.Id, Assert.Single(result.Resolved).Interrupt.Id);
        Assert.Null(checkpoint.Breakpoint);
        Assert.Equal(ThreadStatus.Cancelled, checkpoint.Status);
    }

    [Fact]
    public async Task Cancel_CompletedThread_RefusedAlreadyFinished()
    {
        var graph = new StateGraph<State>("done").AddNode("a", (s, ctx) => NodeResult.Empty).AddEdge(GraphNames.Start, "a").Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        var result = executor.Planner.Cancel(checkpoint, "requested", TestClock.Epoch);

        Assert.Equal(RejectionReasons.AlreadyFinished, result.Rejected!.Reason);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }

    [Fact]
    public void Cancel_RunningThread_LateTaskResultIgnored()
    {
        var planner = new ThreadPlanner(TwoAsking());
        var (checkpoint, started) = planner.Start("t", null, TestClock.Epoch);
        Assert.Equal(2, started.Dispatch.Count);

        planner.Cancel(checkpoint!, "requested", TestClock.Epoch);
        var late = planner.ApplyOutcome(checkpoint!, new TaskOutcome { TaskId = started.Dispatch[0].Id, Kind = TaskOutcomeKind.Completed }, TestClock.Epoch);

        Assert.True(late.Ignored);
        Assert.Equal(ThreadStatus.Cancelled, checkpoint!.Status);
    }
}
