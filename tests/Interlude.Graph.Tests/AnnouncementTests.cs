using Interlude.Graph.Channels;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

/// <summary>Interrupts are announced when the thread pauses, once, not when their task reports.</summary>
public sealed class AnnouncementTests
{
    private sealed record State
    {
        public List<string> Vals { get; init; } = [];
    }

    private static CompiledGraph Graph() =>
        new StateGraph<State>("announce")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.Vals, ["a:" + ctx.Interrupt<string>("a?")]))
            .AddNode("b", (_, ctx) => ctx.Update().Set(s => s.Vals, ["b"]))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile();

    [Fact]
    public async Task ParallelStep_InterruptReportedWhileSiblingRuns_IsAnnouncedOnlyWhenTheStepPauses()
    {
        var graph = Graph();
        var planner = new ThreadPlanner(graph);
        var now = TestClock.Epoch;
        var (checkpoint, started) = planner.Start("t-announce", null, now);
        var taskA = started.Dispatch.Single(t => t.Node == "a");
        var taskB = started.Dispatch.Single(t => t.Node == "b");

        var outcomeA = await TaskRunner.RunAsync(graph, Request(checkpoint!, taskA), default);
        var afterA = planner.ApplyOutcome(checkpoint!, outcomeA, now);

        Assert.Empty(afterA.Raised);
        Assert.Equal(ThreadStatus.Running, checkpoint!.Status);

        var outcomeB = await TaskRunner.RunAsync(graph, Request(checkpoint, taskB), default);
        var afterB = planner.ApplyOutcome(checkpoint, outcomeB, now);

        var raised = Assert.Single(afterB.Raised);
        Assert.Equal("a", raised.Node);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
    }

    [Fact]
    public async Task PartialResume_StillOpenInterrupt_IsNotAnnouncedAgain()
    {
        var executor = new GraphExecutor(new StateGraph<State>("two")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.Vals, ["a:" + ctx.Interrupt<string>("a?")]))
            .AddNode("b", (_, ctx) => ctx.Update().Set(s => s.Vals, ["b:" + ctx.Interrupt<string>("b?")]))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .Compile());
        var checkpoint = await executor.StartAsync("t-two", null);
        var idA = checkpoint.OpenInterrupts.Single(i => i.Node == "a").Id;
        var announcedAtStart = executor.Plans.SelectMany(p => p.Raised).Count();

        await executor.ResumeOk(checkpoint, Graphs.Answers((idA, "x")));

        Assert.Equal(2, announcedAtStart);
        Assert.Equal(2, executor.Plans.SelectMany(p => p.Raised).Count());
        Assert.Equal("b", Assert.Single(checkpoint.OpenInterrupts).Node);
    }

    private static TaskRequest Request(ThreadCheckpoint checkpoint, GraphTask task) => new()
    {
        ThreadId = checkpoint.ThreadId,
        TaskId = task.Id,
        Node = task.Node,
        Values = checkpoint.Values,
        Resume = task.Resume,
        Journal = task.Journal,
    };
}
