using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Forms;
using Interlude.Graph.Prebuilt;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class ToolApprovalTests
{
    private sealed record State
    {
        public List<JsonObject> Messages { get; init; } = [];

        public List<string> Ran { get; init; } = [];

        public bool Replied { get; init; }
    }

    private static readonly JsonNode EmailSchema = JsonNode.Parse("""
        {"type":"object","properties":{"to":{"type":"string","format":"email"},"body":{"type":"string"}},"required":["to","body"],"additionalProperties":false}
        """)!;

    private static CompiledGraph Graph(Dictionary<string, ToolReview>? policy = null) =>
        new StateGraph<State>("tools")
            .Channel(s => s.Messages, Reducers.Messages)
            .AddNode("review", new ToolApproval(policy ?? new()
            {
                ["send_email"] = new() { ArgsSchema = EmailSchema, Description = "Sends an email." },
                ["delete_file"] = new() { AllowedDecisions = [ToolDecisionType.Approve, ToolDecisionType.Reject] },
            }).Node<State>(s => s.Messages, tools: "tools", agent: "agent"))
            .AddNode("tools", (s, ctx) => ctx.Update().Set(x => x.Ran, [.. ToolApproval.CallsToRun(s.Messages).Select(c => $"{c.Name}:{GraphJson.Compact(c.Args)}")]))
            .AddNode("agent", (_, ctx) => ctx.Update().Set(x => x.Replied, true))
            .AddEdge(GraphNames.Start, "review")
            .AddEdge("tools", GraphNames.End)
            .AddEdge("agent", GraphNames.End)
            .Compile();

    private static JsonObject Input(params (string Id, string Name, JsonObject Args)[] calls) => new()
    {
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "do it" },
            new JsonObject
            {
                ["id"] = "m1",
                ["role"] = "assistant",
                ["content"] = "",
                ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["args"] = c.Args })]),
            }),
    };

    private static JsonObject Email(string to) => new() { ["to"] = to, ["body"] = "hi" };

    private static JsonObject Answer(string action, params (string Key, JsonNode? Value)[] fields)
    {
        var answer = new JsonObject { ["action"] = action };
        foreach (var (key, value) in fields)
        {
            answer[key] = value;
        }

        return answer;
    }

    [Fact]
    public async Task Review_AsksOnlyForConfiguredTools_WithTheirDecisionsDescriptionAndArgumentSchema()
    {
        var executor = new GraphExecutor(Graph());

        var checkpoint = await executor.StartAsync("t", Input(("c1", "lookup", []), ("c2", "send_email", Email("a@example.com"))));

        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("c2", open.Value!["tool_call"]!["id"]!.GetValue<string>());
        Assert.Equal("Sends an email.", open.Value!["description"]!.GetValue<string>());
        Assert.Equal(["approve", "edit", "reject", "respond"], open.Answer!.Actions.Select(a => a.Name));
        var edit = open.Answer.Actions.Single(a => a.Name == "edit");
        Assert.True(JsonNode.DeepEquals(EmailSchema, edit.Schema!["properties"]!["args"]));
        Assert.True(JsonNode.DeepEquals(Email("a@example.com"), edit.Value!["args"]));
    }

    [Fact]
    public async Task Review_NoConfiguredTool_RunsEveryCallWithoutAsking()
    {
        var checkpoint = await new GraphExecutor(Graph()).StartAsync("t", Input(("c1", "lookup", new JsonObject { ["q"] = "x" })));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["lookup:{\"q\":\"x\"}"], checkpoint.Values["ran"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Approve_RunsTheProposedCallAndTheCallsNobodyReviews()
    {
        var executor = new GraphExecutor(Graph());
        var checkpoint = await executor.StartAsync("t", Input(("c1", "lookup", []), ("c2", "send_email", Email("a@example.com"))));

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("approve"))));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(["lookup:{}", "send_email:{\"to\":\"a@example.com\",\"body\":\"hi\"}"], checkpoint.Values["ran"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Edit_ArgumentsThatFailTheSchema_AreRefusedAndTheQuestionStaysOpen_ValidOnesRunInPlaceOfTheProposal()
    {
        var executor = new GraphExecutor(Graph());
        var checkpoint = await executor.StartAsync("t", Input(("c1", "send_email", Email("a@example.com"))));
        var open = Assert.Single(checkpoint.OpenInterrupts).Id;

        var refused = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("edit", ("args", new JsonObject { ["to"] = 5 }))));

        Assert.Equal(RejectionReasons.InvalidAnswer, refused!.Reason);
        Assert.Contains("/args/to", refused.Message, StringComparison.Ordinal);
        Assert.Equal(open, Assert.Single(checkpoint.OpenInterrupts).Id);
        var notAnEmail = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("edit", ("args", Email("nobody")))));
        Assert.Equal(RejectionReasons.InvalidAnswer, notAnEmail!.Reason);

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("edit", ("args", Email("b@example.com"))))));

        Assert.Equal(["send_email:{\"to\":\"b@example.com\",\"body\":\"hi\"}"], checkpoint.Values["ran"]!.AsArray().Select(r => r!.GetValue<string>()));
        var messages = checkpoint.Values["messages"]!.AsArray();
        Assert.Equal(2, messages.Count); // the proposal was replaced in place (same id), not appended
        Assert.Equal("b@example.com", messages[1]!["tool_calls"]![0]!["args"]!["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADecisionTheToolDoesNotAllow_IsRefused()
    {
        var executor = new GraphExecutor(Graph());
        var checkpoint = await executor.StartAsync("t", Input(("c1", "delete_file", new JsonObject { ["path"] = "/tmp/x" })));
        Assert.Equal(["approve", "reject"], Assert.Single(checkpoint.OpenInterrupts).Answer!.Actions.Select(a => a.Name));

        var edit = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("edit", ("args", new JsonObject()))));
        var respond = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("respond", ("message", "no"))));
        var unknown = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("maybe")));

        Assert.All([edit, respond, unknown], r => Assert.Equal(RejectionReasons.InvalidAnswer, r!.Reason));
        Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
    }

    [Fact]
    public async Task Reject_WritesTheFeedbackAsTheToolsErrorAndGoesBackToTheAgent_Respond_WritesTheMessageAsItsResult()
    {
        var executor = new GraphExecutor(Graph());
        var checkpoint = await executor.StartAsync("t", Input(("c1", "send_email", Email("a@example.com")), ("c2", "send_email", Email("b@example.com"))));
        var ids = checkpoint.OpenInterrupts.Select(i => i.Id).ToList();
        Assert.Equal(2, ids.Count); // asked together

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.ByIds(new Dictionary<string, JsonNode?>
        {
            [ids[0]] = Answer("reject", ("feedback", "not on Fridays")),
            [ids[1]] = Answer("respond", ("message", "already sent")),
        })));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.True(checkpoint.Values["replied"]!.GetValue<bool>());
        var tools = checkpoint.Values["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool").ToList();
        Assert.Equal([("c1", "not on Fridays", "error"), ("c2", "already sent", "success")], tools.Select(m => ((string)m!["tool_call_id"]!, (string)m["content"]!, (string)m["status"]!)));
        Assert.True(checkpoint.Values["ran"] is null or JsonArray { Count: 0 }); // tools never ran
    }

    [Fact]
    public async Task SeveralCalls_AnsweredOneAtATime_TheOtherStaysOpenUnderItsId_ThenOnlyTheApprovedOneRuns()
    {
        var executor = new GraphExecutor(Graph());
        var checkpoint = await executor.StartAsync("t", Input(("c1", "send_email", Email("a@example.com")), ("c2", "send_email", Email("b@example.com"))));
        var ids = checkpoint.OpenInterrupts.Select(i => i.Id).ToList();

        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.ByIds(new Dictionary<string, JsonNode?> { [ids[1]] = Answer("approve") })));

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal(ids[0], Assert.Single(checkpoint.OpenInterrupts).Id);
        Assert.Null(await executor.ResumeAsync(checkpoint, ResumeCommand.Single(Answer("reject"))));
        Assert.Equal(["send_email:{\"to\":\"b@example.com\",\"body\":\"hi\"}"], checkpoint.Values["ran"]!.AsArray().Select(r => r!.GetValue<string>()));
        var rejected = checkpoint.Values["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool");
        Assert.Equal(("c1", "error"), ((string)rejected!["tool_call_id"]!, (string)rejected["status"]!));
    }

    [Fact]
    public void MessagesReducer_ReplacesAMessageWithTheSameId_AndAppendsTheRest()
    {
        var current = new JsonArray(new JsonObject { ["id"] = "a", ["v"] = 1 }, new JsonObject { ["v"] = 2 });

        var reduced = Reducers.Messages.Reduce("m", current, [new ChannelWrite("n", new JsonArray(new JsonObject { ["id"] = "a", ["v"] = 3 }, new JsonObject { ["id"] = "b", ["v"] = 4 }))]);

        Assert.Equal("""[{"id":"a","v":3},{"v":2},{"id":"b","v":4}]""", reduced!.ToJsonString());
    }
}
