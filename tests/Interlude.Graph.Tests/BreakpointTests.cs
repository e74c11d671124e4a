using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class BreakpointTests
{
    private sealed record State
    {
        public string? Topic { get; init; }

        public string? Notes { get; init; }

        public string? Draft { get; init; }

        public bool Published { get; init; }
    }

    private sealed class Counts
    {
        public int Research { get; set; }

        public int Write { get; set; }

        public int Publish { get; set; }
    }

    /// <summary>research -> write -> publish.</summary>
    private static CompiledGraph Pipeline(Counts counts, GraphOptions options) =>
        new StateGraph<State>("pipeline")
            .AddNode("research", (s, ctx) =>
            {
                counts.Research++;
                return ctx.Update().Set(x => x.Notes, "notes on " + s.Topic);
            })
            .AddNode("write", (s, ctx) =>
            {
                counts.Write++;
                return ctx.Update().Set(x => x.Draft, "draft from " + s.Notes);
            })
            .AddNode("publish", (s, ctx) =>
            {
                counts.Publish++;
                return ctx.Update().Set(x => x.Published, true);
            })
            .AddEdge(GraphNames.Start, "research")
            .AddEdge("research", "write")
            .AddEdge("write", "publish")
            .Compile(options);

    private static GraphOptions Before(params string[] nodes) => new() { InterruptBefore = new HashSet<string>(nodes) };

    private static GraphOptions After(params string[] nodes) => new() { InterruptAfter = new HashSet<string>(nodes) };

    private static int BreakpointsRaised(GraphExecutor executor) =>
        executor.Plans.SelectMany(p => p.Raised).Count(i => i.When != InterruptWhen.During);

    [Fact]
    public async Task InterruptBefore_Node_PausesBeforeItWithOpenBeforeInterrupt()
    {
        var counts = new Counts();

        var checkpoint = await new GraphExecutor(Pipeline(counts, Before("write"))).StartAsync("t", new { topic = "owls" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.Before, open.When);
        Assert.Equal("write", open.Node);
        Assert.Null(open.Value);
        Assert.Null(open.TaskId);
        Graphs.AssertInterruptId(open.Id);
        Assert.Equal(["write"], checkpoint.Next);
        Assert.Equal("notes on owls", checkpoint.Text("notes"));
        Assert.Equal((1, 0, 0), (counts.Research, counts.Write, counts.Publish));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("go on")]
    public async Task InterruptBefore_AnyResumeValue_ContinuesAndValueIsDiscarded(string? value)
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, Before("write")));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });

        await executor.ResumeOk(checkpoint, Graphs.Answer(value));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("draft from notes on owls", checkpoint.Text("draft"));
        Assert.True(checkpoint.Values["published"]!.GetValue<bool>());
        Assert.Equal((1, 1, 1), (counts.Research, counts.Write, counts.Publish));
        Assert.DoesNotContain("go on", checkpoint.Values.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterruptBefore_EntryNode_PausesBeforeAnyNodeRuns()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, Before("research")));

        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(-1, checkpoint.Step);
        Assert.Equal(["research"], checkpoint.Next);
        Assert.Equal((0, 0, 0), (counts.Research, counts.Write, counts.Publish));
    }

    [Fact]
    public async Task InterruptBefore_ResumeByMapWithBreakpointId_Continues()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, Before("publish")));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });
        var id = Assert.Single(checkpoint.OpenInterrupts).Id;

        await executor.ResumeOk(checkpoint, Graphs.Answers((id, null)));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(1, counts.Publish);
        Assert.Contains(executor.Resolved(checkpoint.ThreadId), r => r.Id == id && r.Outcome == ResolutionOutcomes.Answered);
    }

    [Fact]
    public async Task InterruptAfter_Node_PausesAfterItsWritesAreApplied()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, After("research")));

        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.After, open.When);
        Assert.Equal("research", open.Node);
        Assert.Null(open.Value);
        Assert.Equal(["write"], checkpoint.Next);
        Assert.Equal("notes on owls", checkpoint.Text("notes"));
        Assert.Equal((1, 0, 0), (counts.Research, counts.Write, counts.Publish));

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal((1, 1, 1), (counts.Research, counts.Write, counts.Publish));
    }

    [Fact]
    public async Task AfterThenBefore_SameBoundary_OnePauseNotTwo()
    {
        var counts = new Counts();
        var options = new GraphOptions { InterruptAfter = new HashSet<string> { "research" }, InterruptBefore = new HashSet<string> { "write" } };
        var executor = new GraphExecutor(Pipeline(counts, options));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(["write"], checkpoint.Next);

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(1, BreakpointsRaised(executor));
        Assert.Equal((1, 1, 1), (counts.Research, counts.Write, counts.Publish));
    }

    [Fact]
    public async Task StarBefore_EveryNode_PausesBeforeEachWithNewIds()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, Before(GraphNames.AllNodes)));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });
        var held = new List<string>();
        var ids = new List<string>();

        while (checkpoint.Status == ThreadStatus.Interrupted)
        {
            var open = Assert.Single(checkpoint.OpenInterrupts);
            Assert.Equal(InterruptWhen.Before, open.When);
            held.Add(open.Node);
            ids.Add(open.Id);
            await executor.ResumeOk(checkpoint, Graphs.Answer(null));
        }

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["research", "write", "publish"], held);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal((1, 1, 1), (counts.Research, counts.Write, counts.Publish));
    }

    [Fact]
    public async Task StarAfter_EveryNode_PausesAfterEachLastWithNoNext()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, After(GraphNames.AllNodes)));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });
        var pauses = new List<(string Node, string[] Next)>();

        while (checkpoint.Status == ThreadStatus.Interrupted)
        {
            var open = Assert.Single(checkpoint.OpenInterrupts);
            Assert.Equal(InterruptWhen.After, open.When);
            pauses.Add((open.Node, checkpoint.Next.ToArray()));
            await executor.ResumeOk(checkpoint, Graphs.Answer(null));
        }

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["research", "write", "publish"], pauses.Select(p => p.Node));
        Assert.Equal(["write"], pauses[0].Next);
        Assert.Equal(["publish"], pauses[1].Next);
        Assert.Empty(pauses[2].Next);
    }

    [Fact]
    public async Task InterruptAfter_LastNode_PausesWithNoNextAndResumeCompletes()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, After("publish")));

        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal("publish", Assert.Single(checkpoint.OpenInterrupts).Node);
        Assert.Empty(checkpoint.Next);
        Assert.True(checkpoint.Values["published"]!.GetValue<bool>());

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Empty(checkpoint.OpenInterrupts);
        Assert.Equal((1, 1, 1), (counts.Research, counts.Write, counts.Publish));
    }

    [Fact]
    public async Task Breakpoint_AnsweredId_LateAnswerRefusedAlreadyResolved()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Pipeline(counts, Before("write", "publish")));
        var checkpoint = await executor.StartAsync("t", new { topic = "owls" });
        var first = Assert.Single(checkpoint.OpenInterrupts).Id;
        await executor.ResumeOk(checkpoint, Graphs.Answer(null));
        var before = checkpoint.ToJson();

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((first, null)));

        Assert.Equal(RejectionReasons.AlreadyResolved, rejection!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal("publish", Assert.Single(checkpoint.OpenInterrupts).Node);
    }

    [Fact]
    public async Task InterruptBefore_NodeThatAlsoInterrupts_BreakpointThenNodeInterrupt()
    {
        var entries = 0;
        var graph = new StateGraph<State>("both")
            .AddNode("review", (s, ctx) =>
            {
                entries++;
                return ctx.Update().Set(x => x.Draft, ctx.Interrupt<string>("edit?"));
            })
            .AddEdge(GraphNames.Start, "review")
            .Compile(Before("review"));
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        Assert.Equal(InterruptWhen.Before, Assert.Single(checkpoint.OpenInterrupts).When);

        await executor.ResumeOk(checkpoint, Graphs.Answer("ignored"));

        var during = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.During, during.When);
        Assert.Equal("edit?", during.Value!.GetValue<string>());

        await executor.ResumeOk(checkpoint, Graphs.Answer("edited"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("edited", checkpoint.Text("draft"));
        Assert.Equal(2, entries);
    }
}
