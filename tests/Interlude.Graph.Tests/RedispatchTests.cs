using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

/// <summary>Recovery: tasks dispatched before a cut-off and never answered are dispatched again; answered ones are not.</summary>
public sealed class RedispatchTests
{
    private sealed record State
    {
        public string? A { get; init; }

        public string? B { get; init; }
    }

    private static CompiledGraph Graph() =>
        new StateGraph<State>("recover")
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.A, "a"))
            .AddNode("b", (_, ctx) => ctx.Update().Set(s => s.B, "b"))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile();

    [Fact]
    public async Task Redispatch_UnansweredTaskBeforeCutoff_IsDispatchedAgainAndASecondAnswerIsIgnored()
    {
        var graph = Graph();
        var planner = new ThreadPlanner(graph);
        var dispatchedAt = TestClock.Epoch;
        var (checkpoint, started) = planner.Start("t-recover", null, dispatchedAt);
        var taskA = started.Dispatch.Single(t => t.Node == "a");
        var taskB = started.Dispatch.Single(t => t.Node == "b");
        var outcomeA = await TaskRunner.RunAsync(graph, Request(checkpoint!, taskA), default);
        planner.ApplyOutcome(checkpoint!, outcomeA, dispatchedAt.AddSeconds(1));

        var later = dispatchedAt.AddMinutes(10);
        var again = planner.Redispatch(checkpoint!, dispatchedAt.AddMinutes(5), later);

        Assert.Equal(["b"], again.Dispatch.Select(t => t.Node));
        Assert.Equal(later, taskB.DispatchedAt);
        Assert.True(planner.Redispatch(checkpoint!, dispatchedAt.AddMinutes(5), later).Ignored);
        var outcomeB = await TaskRunner.RunAsync(graph, Request(checkpoint!, taskB), default);
        Assert.Equal(ThreadStatus.Completed, Apply(planner, checkpoint!, outcomeB, later));
        Assert.True(planner.ApplyOutcome(checkpoint!, outcomeB, later).Ignored);
    }

    [Fact]
    public void Redispatch_PausedThread_IsIgnored()
    {
        var graph = new StateGraph<State>("paused")
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.A, ctx.Interrupt<string>("?")))
            .AddEdge(GraphNames.Start, "a")
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "a" } });
        var planner = new ThreadPlanner(graph);
        var (checkpoint, _) = planner.Start("t-paused", null, TestClock.Epoch);

        Assert.True(planner.Redispatch(checkpoint!, TestClock.Epoch.AddDays(1), TestClock.Epoch.AddDays(1)).Ignored);
    }

    private static ThreadStatus Apply(ThreadPlanner planner, ThreadCheckpoint checkpoint, TaskOutcome outcome, DateTimeOffset now)
    {
        planner.ApplyOutcome(checkpoint, outcome, now);
        return checkpoint.Status;
    }

    private static TaskRequest Request(ThreadCheckpoint checkpoint, GraphTask task) => new()
    {
        ThreadId = checkpoint.ThreadId,
        TaskId = task.Id,
        Node = task.Node,
        Values = checkpoint.Values,
    };
}
