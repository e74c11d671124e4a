using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class SubgraphTests
{
    private sealed record ParentState
    {
        public string? Question { get; init; }

        public string? Answer { get; init; }
    }

    private sealed record ChildState
    {
        public string? Question { get; init; }

        public string? Context { get; init; }

        public string? Answer { get; init; }
    }

    private sealed class Counts
    {
        public int AskChild { get; set; }

        public int Prepare { get; set; }

        public int Ask { get; set; }

        public int Confirm { get; set; }
    }

    private static readonly AnswerValidator NotEmpty = new(
        "not-empty",
        answer => answer is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? null : "an answer must be a non-empty string");

    /// <summary>Child: prepare -> ask (interrupts, optionally validated) [-> confirm (interrupts)].</summary>
    private static CompiledGraph Child(Counts counts, bool validated = false, bool confirm = false)
    {
        var child = new StateGraph<ChildState>("child")
            .AddValidator(NotEmpty)
            .AddNode("prepare", (s, ctx) =>
            {
                counts.Prepare++;
                return ctx.Update().Set(x => x.Context, "context for " + s.Question);
            })
            .AddNode("ask", (s, ctx) =>
            {
                counts.Ask++;
                var answer = ctx.Interrupt<string>(new { question = s.Question, context = s.Context }, validated ? new InterruptOptions { Validator = NotEmpty } : null);
                return ctx.Update().Set(x => x.Answer, answer);
            })
            .AddEdge(GraphNames.Start, "prepare")
            .AddEdge("prepare", "ask");
        if (confirm)
        {
            child.AddNode("confirm", (s, ctx) =>
            {
                counts.Confirm++;
                return ctx.Update().Set(x => x.Answer, s.Answer + (ctx.Interrupt<bool>("sure?") ? " (confirmed)" : " (unconfirmed)"));
            }).AddEdge("ask", "confirm");
        }

        return child.Compile();
    }

    private static CompiledGraph Parent(Counts counts, CompiledGraph child) =>
        new StateGraph<ParentState>("subgraph")
            .AddSubgraph("child", child)
            .AddNode("ask_child", async (s, ctx) =>
            {
                counts.AskChild++;
                var result = await ctx.Subgraph<ChildState>("child", new { question = s.Question });
                return ctx.Update().Set(x => x.Answer, result.Answer);
            })
            .AddEdge(GraphNames.Start, "ask_child")
            .Compile();

    [Fact]
    public async Task Subgraph_ChildInterrupts_SurfacesOnParentWithTwoSegmentNamespace()
    {
        var counts = new Counts();

        var checkpoint = await new GraphExecutor(Parent(counts, Child(counts))).StartAsync("t", new { question = "why?" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        var parentTask = Assert.Single(checkpoint.Tasks);
        Assert.Equal("ask", open.Node);
        Assert.Equal(InterruptWhen.During, open.When);
        Assert.Equal(parentTask.Id, open.TaskId);
        Assert.Equal(2, open.Ns.Count);
        Assert.Equal($"ask_child:{parentTask.Id}", open.Ns[0]);
        Assert.StartsWith("ask:", open.Ns[1], StringComparison.Ordinal);
        var childTaskId = open.Ns[1]["ask:".Length..];
        Graphs.AssertInterruptId(childTaskId);
        Assert.NotEqual(parentTask.Id, childTaskId);
        Graphs.AssertInterruptId(open.Id);
        Assert.Equal("{\"question\":\"why?\",\"context\":\"context for why?\"}", GraphJson.Compact(open.Value));
        Assert.Equal(["ask_child"], checkpoint.Next);
        Assert.Equal((1, 1, 1), (counts.AskChild, counts.Prepare, counts.Ask));
    }

    [Fact]
    public async Task Subgraph_ResumeThroughParent_CompletesWithoutRerunningChildNodesBeforeTheInterrupt()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Parent(counts, Child(counts)));
        var checkpoint = await executor.StartAsync("t", new { question = "why?" });

        await executor.ResumeOk(checkpoint, Graphs.Answer("because"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("because", checkpoint.Text("answer"));
        Assert.Equal((2, 1, 2), (counts.AskChild, counts.Prepare, counts.Ask));
    }

    [Fact]
    public async Task Subgraph_TwoChildInterruptsInTurn_EachSurfacesAndChildPrepareStillRunsOnce()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Parent(counts, Child(counts, confirm: true)));
        var checkpoint = await executor.StartAsync("t", new { question = "why?" });
        var first = Assert.Single(checkpoint.OpenInterrupts);

        await executor.ResumeOk(checkpoint, Graphs.Answers((first.Id, "because")));

        var second = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("confirm", second.Node);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Ns[0], second.Ns[0]);
        Assert.StartsWith("confirm:", second.Ns[1], StringComparison.Ordinal);

        await executor.ResumeOk(checkpoint, Graphs.Answers((second.Id, true)));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("because (confirmed)", checkpoint.Text("answer"));
        Assert.Equal((3, 1, 2, 2), (counts.AskChild, counts.Prepare, counts.Ask, counts.Confirm));
    }

    [Fact]
    public async Task Subgraph_ChildValidator_FoundFromParentAndRefusesInvalidAnswer()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Parent(counts, Child(counts, validated: true)));
        var checkpoint = await executor.StartAsync("t", new { question = "why?" });
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("not-empty", open.Validator);
        var before = checkpoint.ToJson();

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answer(string.Empty));

        Assert.Equal(RejectionReasons.InvalidAnswer, rejection!.Reason);
        Assert.Contains("non-empty", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, checkpoint.ToJson());

        await executor.ResumeOk(checkpoint, Graphs.Answer("because"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("because", checkpoint.Text("answer"));
        Assert.Equal((2, 1, 2), (counts.AskChild, counts.Prepare, counts.Ask));
    }

    [Fact]
    public async Task Subgraph_SameGraphInTwoParentThreads_DifferentInterruptIds()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Parent(counts, Child(counts)));

        var one = await executor.StartAsync("one", new { question = "q" });
        var two = await executor.StartAsync("two", new { question = "q" });

        Assert.NotEqual(Assert.Single(one.OpenInterrupts).Id, Assert.Single(two.OpenInterrupts).Id);
    }

    [Fact]
    public async Task Subgraph_ParentCheckpointJsonRoundTrip_ChildProgressKept()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Parent(counts, Child(counts)));
        var paused = await executor.StartAsync("t", new { question = "why?" });

        var restored = ThreadCheckpoint.FromJson(paused.ToJson());
        await executor.ResumeOk(restored, Graphs.Answer("because"));

        Assert.Equal(ThreadStatus.Completed, restored.Status);
        Assert.Equal("because", restored.Text("answer"));
        Assert.Equal(1, counts.Prepare);
    }

    [Fact]
    public async Task Subgraph_NotRegistered_ThreadFailsNamingIt()
    {
        var graph = new StateGraph<ParentState>("parent")
            .AddNode("ask_child", async (s, ctx) =>
            {
                await ctx.Subgraph<ChildState>("missing", null);
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "ask_child")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("ask_child", checkpoint.Error!.Node);
        Assert.Contains("'missing'", checkpoint.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subgraph_ChildNodeThrows_ParentThreadFailsWithChildMessage()
    {
        var child = new StateGraph<ChildState>("child")
            .AddNode("explode", NodeResult (s, ctx) => throw new InvalidOperationException("child exploded"))
            .AddEdge(GraphNames.Start, "explode")
            .Compile();
        var counts = new Counts();

        var checkpoint = await new GraphExecutor(Parent(counts, child)).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("ask_child", checkpoint.Error!.Node);
        Assert.Contains("child exploded", checkpoint.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subgraph_ChildWithoutInterrupt_ReturnsFinalStateInOneRun()
    {
        var child = new StateGraph<ChildState>("child")
            .AddNode("answer", (s, ctx) => ctx.Update().Set(x => x.Answer, s.Question + "!"))
            .AddEdge(GraphNames.Start, "answer")
            .Compile();
        var counts = new Counts();

        var checkpoint = await new GraphExecutor(Parent(counts, child)).StartAsync("t", new { question = "hi" });

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("hi!", checkpoint.Text("answer"));
        Assert.Equal(1, counts.AskChild);
    }
}
