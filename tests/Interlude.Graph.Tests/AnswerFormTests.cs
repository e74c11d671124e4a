using System.Text.Json.Nodes;
using Interlude.Graph.Forms;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class AnswerFormTests
{
    private sealed record State
    {
        public JsonNode? Answer { get; init; }
    }

    private static CompiledGraph Asking(AnswerForm form, GraphOptions? options = null) =>
        new StateGraph<State>("form")
            .AddNode("ask", (_, ctx) => ctx.Update().Set(s => s.Answer, ctx.Interrupt("How old?", new InterruptOptions { Answer = form })))
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile(options);

    private static readonly JsonNode Age = JsonNode.Parse("""{"type":"integer","minimum":0}""")!;

    [Fact]
    public async Task EnforcedForm_RefusesAnAnswerItsSchemaRejects_AndKeepsTheInterruptOpen()
    {
        var executor = new GraphExecutor(Asking(AnswerForm.Of(Age)));
        var checkpoint = await executor.StartAsync("t", null);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.True(JsonNode.DeepEquals(Age, open.Answer!.Schema));

        var refused = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(JsonValue.Create("thirty")));

        Assert.Equal(RejectionReasons.InvalidAnswer, refused!.Reason);
        Assert.Equal(open.Id, Assert.Single(checkpoint.OpenInterrupts).Id);
        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(JsonValue.Create(30))));
        Assert.Equal(30, checkpoint.Values["answer"]!.GetValue<int>());
    }

    [Fact]
    public async Task FormNotEnforced_OnlyGuides_TheNodeGetsAnyAnswer()
    {
        var executor = new GraphExecutor(Asking(AnswerForm.Of(Age) with { Enforced = false }));
        var checkpoint = await executor.StartAsync("t", null);

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(JsonValue.Create("thirty"))));

        Assert.Equal("thirty", checkpoint.Values["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecisionWithoutASchema_AcceptsOneActionsAnswer_ItsSchemaOrItsExactValue()
    {
        var form = AnswerForm.Decision(
            new AnswerAction("approve", "Approve") { Value = new JsonObject { ["ok"] = true } },
            new AnswerAction("reject", "Reject") { Schema = JsonNode.Parse("""{"type":"object","properties":{"ok":{"const":false},"why":{"type":"string"}},"required":["ok"]}""") });
        var executor = new GraphExecutor(Asking(form));
        var checkpoint = await executor.StartAsync("t", null);

        var wrong = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(new JsonObject { ["ok"] = true, ["why"] = "x" }));

        Assert.Equal(RejectionReasons.InvalidAnswer, wrong!.Reason);
        Assert.Contains("approve, reject", wrong.Message, StringComparison.Ordinal);
        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(new JsonObject { ["ok"] = false, ["why"] = "no" })));
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }

    [Fact]
    public async Task Breakpoint_DeclaresContinue_AndAnyAnswerStillContinues()
    {
        var graph = new StateGraph<State>("bp")
            .AddNode("step", (_, ctx) => ctx.Update().Set(s => s.Answer, "ran"))
            .AddEdge(GraphNames.Start, "step")
            .AddEdge("step", GraphNames.End)
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "step" } });
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        var form = Assert.Single(checkpoint.OpenInterrupts).Answer!;
        Assert.Equal([("continue", "Continue")], form.Actions.Select(a => (a.Name, a.Label)));

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(JsonValue.Create("anything"))));
        Assert.Equal("ran", checkpoint.Values["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Form_SurvivesTheCheckpointsJson()
    {
        var form = AnswerForm.Decision(new AnswerAction("approve", "Approve") { Value = true, Schema = Age });
        var checkpoint = await new GraphExecutor(Asking(form)).StartAsync("t", null);

        var read = Assert.Single(ThreadCheckpoint.FromJson(checkpoint.ToJson()).OpenInterrupts).Answer!;

        var action = Assert.Single(read.Actions);
        Assert.Equal(("approve", "Approve", true), (action.Name, action.Label, read.Enforced));
        Assert.True(JsonNode.DeepEquals(Age, action.Schema));
        Assert.True(action.Value!.GetValue<bool>());
    }
}
