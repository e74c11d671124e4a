using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class UpdateStateTests
{
    private sealed record State
    {
        public string? Draft { get; init; }

        public List<string>? Notes { get; init; }

        public string? Decision { get; init; }

        public bool Finished { get; init; }
    }

    private sealed class Counts
    {
        public int Write { get; set; }

        public int Human { get; set; }

        public int Finish { get; set; }

        public List<string?> DraftsSeenByHuman { get; } = [];
    }

    /// <summary>write -> human (interrupts) -> finish.</summary>
    private static CompiledGraph Review(Counts counts, GraphOptions? options = null) =>
        new StateGraph<State>("review")
            .Channel(s => s.Notes, Reducers.Append)
            .AddNode("write", (s, ctx) =>
            {
                counts.Write++;
                return ctx.Update().Set(x => x.Draft, "first draft").Set(x => x.Notes, ["written"]);
            })
            .AddNode("human", (s, ctx) =>
            {
                counts.Human++;
                counts.DraftsSeenByHuman.Add(s.Draft);
                return ctx.Update().Set(x => x.Decision, ctx.Interrupt<string>(new { draft = s.Draft }));
            })
            .AddNode("finish", (s, ctx) =>
            {
                counts.Finish++;
                return ctx.Update().Set(x => x.Finished, true);
            })
            .AddEdge(GraphNames.Start, "write")
            .AddEdge("write", "human")
            .AddEdge("human", "finish")
            .Compile(options);

    [Fact]
    public async Task Update_WithoutAsNode_AppliesThroughReducersAndThreadStaysPaused()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        var (step, checkpointId) = (checkpoint.Step, checkpoint.CheckpointId);

        await executor.UpdateOk(checkpoint, new { draft = "patched", notes = new[] { "patched by hand" } });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(CheckpointSource.Update, checkpoint.Source);
        Assert.Equal(step + 1, checkpoint.Step);
        Assert.Equal(checkpointId, checkpoint.ParentCheckpointId);
        Assert.NotEqual(checkpointId, checkpoint.CheckpointId);
        Assert.Equal("patched", checkpoint.Text("draft"));
        Assert.Equal(["written", "patched by hand"], checkpoint.Strings("notes"));
        Assert.Equal(open.Id, Assert.Single(checkpoint.OpenInterrupts).Id);
        Assert.Equal(["human"], checkpoint.Next);
        Assert.Equal(0, counts.Finish);
    }

    [Fact]
    public async Task Update_WithoutAsNode_ResumeStillWorksAndNodeSeesPatchedValues()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);
        await executor.UpdateOk(checkpoint, new { draft = "patched" });

        await executor.ResumeOk(checkpoint, Graphs.Answer("approve"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("approve", checkpoint.Text("decision"));
        Assert.Equal(["first draft", "patched"], counts.DraftsSeenByHuman);
        Assert.Equal((1, 2, 1), (counts.Write, counts.Human, counts.Finish));
    }

    [Fact]
    public async Task Update_AsInterruptedNode_ResolvesItsInterruptAndPausesBeforeSuccessor()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var asked = Assert.Single(checkpoint.OpenInterrupts);

        await executor.UpdateOk(checkpoint, new { decision = "decided by update" }, asNode: "human");

        var resolution = Assert.Single(executor.Plans[^1].Resolved);
        Assert.Equal(asked.Id, resolution.Interrupt.Id);
        Assert.Equal(ResolutionOutcomes.Updated, resolution.Outcome);
        Assert.Contains(executor.Resolved(checkpoint.ThreadId), r => r.Id == asked.Id && r.Outcome == ResolutionOutcomes.Updated);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var pause = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.Before, pause.When);
        Assert.Equal("finish", pause.Node);
        Assert.Equal(["finish"], checkpoint.Next);
        Assert.Equal("decided by update", checkpoint.Text("decision"));
        Assert.Equal(CheckpointSource.Update, checkpoint.Source);

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("decided by update", checkpoint.Text("decision"));
        Assert.True(checkpoint.Values["finished"]!.GetValue<bool>());
        Assert.Equal((1, 1, 1), (counts.Write, counts.Human, counts.Finish));
    }

    [Fact]
    public async Task Update_AsInterruptedNode_LateAnswerToItsInterruptRefusedAlreadyResolved()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var asked = Assert.Single(checkpoint.OpenInterrupts);
        await executor.UpdateOk(checkpoint, new { decision = "x" }, asNode: "human");

        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((asked.Id, "late")));

        Assert.Equal(RejectionReasons.AlreadyResolved, rejection!.Reason);
        Assert.Equal(1, counts.Human);
    }

    [Fact]
    public async Task Update_AsEarlierNode_PausesBeforeItsSuccessorWhichRunsAgainWithANewInterrupt()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);
        var oldAsk = Assert.Single(checkpoint.OpenInterrupts);

        await executor.UpdateOk(checkpoint, new { draft = "rewritten" }, asNode: "write");

        Assert.Contains(executor.Resolved(checkpoint.ThreadId), r => r.Id == oldAsk.Id && r.Outcome == ResolutionOutcomes.Updated);
        var pause = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.Before, pause.When);
        Assert.Equal("human", pause.Node);
        Assert.Equal(["human"], checkpoint.Next);

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        var newAsk = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.During, newAsk.When);
        Assert.NotEqual(oldAsk.Id, newAsk.Id);
        Assert.Equal("{\"draft\":\"rewritten\"}", GraphJson.Compact(newAsk.Value));

        await executor.ResumeOk(checkpoint, Graphs.Answer("ship it"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("ship it", checkpoint.Text("decision"));
        Assert.Equal(["first draft", "rewritten", "rewritten"], counts.DraftsSeenByHuman);
        Assert.Equal((1, 3, 1), (counts.Write, counts.Human, counts.Finish));
    }

    [Fact]
    public async Task Update_AsNodeHeldByBreakpoint_SkipsThatNodeAndPausesBeforeItsSuccessor()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts, new GraphOptions { InterruptBefore = new HashSet<string> { "human" } }));
        var checkpoint = await executor.StartAsync("t", null);
        var breakpoint = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(InterruptWhen.Before, breakpoint.When);

        await executor.UpdateOk(checkpoint, new { decision = "pre-approved" }, asNode: "human");

        Assert.Contains(executor.Resolved(checkpoint.ThreadId), r => r.Id == breakpoint.Id && r.Outcome == ResolutionOutcomes.Updated);
        var pause = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("finish", pause.Node);
        Assert.NotEqual(breakpoint.Id, pause.Id);

        await executor.ResumeOk(checkpoint, Graphs.Answer(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("pre-approved", checkpoint.Text("decision"));
        Assert.Equal((1, 0, 1), (counts.Write, counts.Human, counts.Finish));
    }

    [Fact]
    public async Task Update_AsLastNode_ThreadCompletes()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts, new GraphOptions { InterruptBefore = new HashSet<string> { "finish" } }));
        var checkpoint = await executor.StartAsync("t", null);
        await executor.ResumeOk(checkpoint, Graphs.Answer("ok"));
        Assert.Equal("finish", Assert.Single(checkpoint.OpenInterrupts).Node);

        await executor.UpdateOk(checkpoint, new { finished = true }, asNode: "finish");

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Empty(checkpoint.OpenInterrupts);
        Assert.Equal(0, counts.Finish);
    }

    [Fact]
    public async Task Update_Metadata_RecordsWriterAndValues()
    {
        var counts = new Counts();
        var executor = new GraphExecutor(Review(counts));
        var checkpoint = await executor.StartAsync("t", null);

        await executor.UpdateOk(checkpoint, new { draft = "by hand" });
        var plain = checkpoint.Writes!.ToJsonString();
        await executor.UpdateOk(checkpoint, new { decision = "yes" }, asNode: "human");

        Assert.Equal("{\"__update__\":{\"draft\":\"by hand\"}}", plain);
        Assert.Equal("{\"human\":{\"decision\":\"yes\"}}", checkpoint.Writes!.ToJsonString());
    }
}
