using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Prebuilt;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>tool-review</c>, on <see cref="ToolApproval"/>: <c>agent</c> proposes a <c>send_email</c> call
/// (LangChain's message shape); <c>review</c> asks a person to approve it, edit its arguments (checked
/// against the tool's schema), reject it with feedback or respond instead of running it. Approve and
/// edit run the call in <c>tools</c>, which knows nothing of the review; reject and respond go back to
/// <c>agent</c>, which answers without a tool call.
/// </summary>
public static class ToolReviewGraph
{
    public sealed record State
    {
        public List<JsonObject> Messages { get; init; } = [];

        public string? Result { get; init; }
    }

    /// <summary>The arguments <c>send_email</c> takes.</summary>
    public static JsonNode SendEmailSchema { get; } = JsonNode.Parse("""
        {"type":"object","title":"send_email",
         "properties":{"to":{"type":"string","format":"email","title":"To"},
                       "subject":{"type":"string","minLength":1,"title":"Subject"},
                       "body":{"type":"string","title":"Body","x-multiline":true}},
         "required":["to","subject","body"],"additionalProperties":false}
        """)!;

    private static readonly ToolApproval Approval = new(new Dictionary<string, ToolReview>
    {
        ["send_email"] = new() { Description = "The agent wants to send an email.", ArgsSchema = SendEmailSchema },
    });

    public static CompiledGraph Build() =>
        new StateGraph<State>("tool-review")
            .Channel(s => s.Messages, Reducers.Messages)
            .AddNode("agent", Agent)
            .AddNode("review", Approval.Node<State>(s => s.Messages, tools: "tools", agent: "agent"))
            .AddNode("tools", (state, ctx) =>
            {
                var results = ToolApproval.CallsToRun(state.Messages).Select(SendEmail).ToList();
                return ctx.Update().Set(s => s.Messages, results).Set(s => s.Result, (string?)results.LastOrDefault()?["content"]);
            })
            .AddEdge(GraphNames.Start, "agent")
            .AddEdge("tools", GraphNames.End)
            .Compile();

    private static NodeResult Agent(State state, NodeContext<State> ctx)
    {
        if (state.Messages.LastOrDefault() is { } last && (string?)last["role"] == "tool")
        {
            var content = (string?)last["content"];
            var reply = (string?)last["status"] == "error"
                ? $"Understood, I did not send the email. Feedback noted: {content}"
                : $"I did not send the email; the reviewer answered instead: {content}";
            return ctx.Update().Set(s => s.Messages, [new JsonObject { ["role"] = "assistant", ["content"] = reply }]);
        }

        var request = state.Messages.LastOrDefault(m => (string?)m["role"] == "user");
        var call = new ToolCall(
            "call-" + ctx.TaskId[..8],
            "send_email",
            new JsonObject { ["to"] = "team@example.com", ["subject"] = "Status update", ["body"] = (string?)request?["content"] ?? string.Empty });
        var proposal = new JsonObject
        {
            ["id"] = "msg-" + ctx.TaskId[..8],
            ["role"] = "assistant",
            ["content"] = "I will send an email.",
            ["tool_calls"] = new JsonArray(call.ToJson()),
        };
        return ctx.Update().Set(s => s.Messages, [proposal]).Goto("review");
    }

    private static JsonObject SendEmail(ToolCall call) => new()
    {
        ["role"] = "tool",
        ["tool_call_id"] = call.Id,
        ["name"] = call.Name,
        ["content"] = $"Email sent to {(string?)call.Args["to"]}",
    };
}
