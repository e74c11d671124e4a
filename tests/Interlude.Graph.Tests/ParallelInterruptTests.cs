using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class ParallelInterruptTests
{
    private sealed record State
    {
        public List<string>? Vals { get; init; }

        public bool Skip { get; init; }
    }

    private sealed class Counts
    {
        public int A { get; set; }

        public int B { get; set; }

        public int Join { get; set; }
    }

    /// <summary>START fans out to a and b; both interrupt; both lead to join.</summary>
    private static CompiledGraph BothAsk(Counts counts) =>
        new StateGraph<State>("parallel")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (s, ctx) =>
            {
                counts.A++;
                return ctx.Update().Set(x => x.Vals, ["a:" + ctx.Interrupt<string>("question for a")]);
            })
            .AddNode("b", (s, ctx) =>
            {
                counts.B++;
                return ctx.Update().Set(x => x.Vals, ["b:" + ctx.Interrupt<string>("question for b")]);
            })
            .AddNode("join", (s, ctx) =>
            {
                counts.Join++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .AddEdge("a", "join")
            .AddEdge("b", "join")
            .Compile();

    private static (InterruptRecord A, InterruptRecord B) OpenPair(ThreadCheckpoint checkpoint)
    {
        var open = checkpoint.OpenInterrupts.ToList();
        Assert.Equal(2, open.Count);
        return (open.Single(i => i.Node == "a"), open.Single(i => i.Node == "b"));
    }

    [Fact]
    public async Task ParallelInterrupts_SameStep_BothSurfaceWithDistinctIdsAndTasks()
    {
        var counts = new Counts();

        var checkpoint = await new GraphExecutor(BothAsk(counts)).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var (a, b) = OpenPair(checkpoint);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.TaskId, b.TaskId);
        Assert.Equal("question for a", a.Value!.GetValue<string>());
        Assert.Equal("question for b", b.Value!.GetValue<string>());
        Assert.Equal(["a", "b"], checkpoint.Next);
        Assert.Equal((1, 1, 0), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task ParallelInterrupts_ResumeByMapWithBothIds_Completes()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var (a, b) = OpenPair(checkpoint);

        await executor.ResumeOk(checkpoint, Graphs.Answers((b.Id, "B1"), (a.Id, "A1")));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["a:A1", "b:B1"], checkpoint.Strings("vals"));
        Assert.Equal((2, 2, 1), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task ParallelInterrupts_ResumeOneAtATime_FinishedSiblingNeverRunsAgain()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var (a, b) = OpenPair(checkpoint);

        await executor.ResumeOk(checkpoint, Graphs.Answers((a.Id, "A1")));

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var stillOpen = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(b.Id, stillOpen.Id);
        Assert.Equal(b.TaskId, stillOpen.TaskId);
        Assert.Equal(["b"], checkpoint.Next);
        var taskA = checkpoint.Tasks.Single(t => t.Node == "a");
        Assert.Equal(GraphTaskStatus.Completed, taskA.Status);
        Assert.Equal("[\"a:A1\"]", taskA.Writes!["vals"]!.ToJsonString());
        Assert.Null(checkpoint.Values["vals"]);
        Assert.Equal((2, 1, 0), (counts.A, counts.B, counts.Join));

        await executor.ResumeOk(checkpoint, Graphs.Answer("B1"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["a:A1", "b:B1"], checkpoint.Strings("vals"));
        Assert.Equal((2, 2, 1), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task ParallelInterrupts_CompletedSiblingInFirstRun_WritesPendingAndNeverRunsAgain()
    {
        var fast = 0;
        var slow = 0;
        var graph = new StateGraph<State>("sibling")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("fast", (s, ctx) =>
            {
                fast++;
                return ctx.Update().Set(x => x.Vals, ["fast"]);
            })
            .AddNode("slow", (s, ctx) =>
            {
                slow++;
                return ctx.Update().Set(x => x.Vals, ["slow:" + ctx.Interrupt<string>("?")]);
            })
            .AddEdge(GraphNames.Start, "fast")
            .AddEdge(GraphNames.Start, "slow")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Null(checkpoint.Values["vals"]);
        Assert.Equal("[\"fast\"]", checkpoint.Tasks.Single(t => t.Node == "fast").Writes!["vals"]!.ToJsonString());
        Assert.Equal(["slow"], checkpoint.Next);

        await executor.ResumeOk(checkpoint, Graphs.Answer("x"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["fast", "slow:x"], checkpoint.Strings("vals"));
        Assert.Equal((1, 2), (fast, slow));
    }

    [Fact]
    public async Task ParallelInterrupts_PendingWritesSurviveCheckpointJsonRoundTrip()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var (a, b) = OpenPair(checkpoint);
        await executor.ResumeOk(checkpoint, Graphs.Answers((a.Id, "A1")));

        var restored = ThreadCheckpoint.FromJson(checkpoint.ToJson());
        await executor.ResumeOk(restored, Graphs.Answers((b.Id, "B1")));

        Assert.Equal(ThreadStatus.Completed, restored.Status);
        Assert.Equal(["a:A1", "b:B1"], restored.Strings("vals"));
        Assert.Equal((2, 2, 1), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task ParallelInterrupts_BareResumeWithTwoOpen_RefusedAmbiguousAndNothingChanges()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var before = checkpoint.ToJson();

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answer("same for both"));

        Assert.NotNull(rejection);
        Assert.Equal(RejectionReasons.Ambiguous, rejection.Reason);
        var (a, b) = OpenPair(checkpoint);
        Assert.Contains(a.Id, rejection.Message, StringComparison.Ordinal);
        Assert.Contains(b.Id, rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal((1, 1, 0), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task ParallelInterrupts_MapWithOneKnownAndOneUnknownId_RefusedAsAWhole()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var (a, _) = OpenPair(checkpoint);
        var before = checkpoint.ToJson();

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((a.Id, "A1"), (new string('0', 32), "?")));

        Assert.Equal(RejectionReasons.UnknownInterrupt, rejection!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal((1, 1, 0), (counts.A, counts.B, counts.Join));
    }

    [Fact]
    public async Task WithdrawnInterrupt_ReRunNoLongerAsksIt_LateAnswerRefusedAlreadyResolved()
    {
        var graph = new StateGraph<State>("withdraw")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("ask", (s, ctx) =>
            {
                try
                {
                    ctx.Interrupt("first");
                }
                catch (GraphInterruptException)
                {
                    // Swallowed on purpose: the node goes on and asks a second question in the same run.
                }

                if (!s.Skip)
                {
                    ctx.Interrupt("second");
                }

                return ctx.Update().Set(x => x.Vals, ["ask"]);
            })
            .AddNode("other", (s, ctx) => ctx.Update().Set(x => x.Vals, ["other:" + ctx.Interrupt<string>("other?")]))
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge(GraphNames.Start, "other")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var asked = checkpoint.OpenInterrupts.Where(i => i.Node == "ask").ToList();
        Assert.Equal(["first", "second"], asked.Select(i => i.Value!.GetValue<string>()));
        await executor.UpdateOk(checkpoint, new { skip = true });

        await executor.ResumeOk(checkpoint, Graphs.Answers((asked[0].Id, "x")));

        var withdrawn = Assert.Single(executor.Plans.SelectMany(p => p.Resolved), r => r.Outcome == ResolutionOutcomes.Withdrawn);
        Assert.Equal(asked[1].Id, withdrawn.Interrupt.Id);
        Assert.Equal("other", Assert.Single(checkpoint.OpenInterrupts).Node);
        var before = checkpoint.ToJson();

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((asked[1].Id, "late")));

        Assert.Equal(RejectionReasons.AlreadyResolved, rejection!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task ParallelInterrupts_PlannerResumeOfOne_DispatchesOnlyThatTask()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(BothAsk(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var (a, b) = OpenPair(checkpoint);

        var result = executor.Planner.Resume(checkpoint, Graphs.Answers((a.Id, "A1")), TestClock.Epoch);

        var dispatched = Assert.Single(result.Dispatch);
        Assert.Equal(a.TaskId, dispatched.Id);
        Assert.Equal("A1", dispatched.Resume[a.Id]!.GetValue<string>());
        Assert.Equal(ThreadStatus.Running, checkpoint.Status);
        Assert.Equal(GraphTaskStatus.Interrupted, checkpoint.Tasks.Single(t => t.Id == b.TaskId).Status);
        Assert.Equal(b.Id, Assert.Single(checkpoint.OpenInterrupts).Id);
    }

    [Fact]
    public async Task ParallelInterrupts_SiblingFails_ThreadFailsAndOpenInterruptsAreClosed()
    {
        var graph = new StateGraph<State>("fails")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("ask", (s, ctx) => ctx.Update().Set(x => x.Vals, [ctx.Interrupt<string>("?")]))
            .AddNode("broken", NodeResult (s, ctx) => throw new InvalidOperationException("broken node"))
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge(GraphNames.Start, "broken")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("broken", checkpoint.Error!.Node);
        Assert.Empty(checkpoint.OpenInterrupts);
        var closed = Assert.Single(executor.Resolved(checkpoint.ThreadId));
        Assert.Equal(ResolutionOutcomes.Cancelled, closed.Outcome);
        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((closed.Id, "late")));
        Assert.Equal(RejectionReasons.NotInterrupted, rejection!.Reason);
    }
}
