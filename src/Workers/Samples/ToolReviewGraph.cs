using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>tool-review</c>: <c>agent</c> proposes a <c>send_email</c> call; <c>review</c> takes
/// <c>{action: "approve"}</c>, <c>{action: "edit", args}</c> or <c>{action: "reject", feedback}</c>;
/// approve and edit run the call in <c>tools</c>, reject sends the feedback back to <c>agent</c>,
/// which then answers without a tool call.
/// </summary>
public static class ToolReviewGraph
{
    public sealed record State
    {
        public List<JsonObject> Messages { get; init; } = [];

        public JsonObject? ToolCall { get; init; }

        public string? Result { get; init; }
    }

    private static readonly AnswerValidator ReviewAnswer = new("tool-review-answer", Check);

    public static CompiledGraph Build() =>
        new StateGraph<State>("tool-review")
            .Channel(s => s.Messages, Reducers.Append)
            .AddNode("agent", (state, ctx) =>
            {
                if (state.Messages.LastOrDefault() is { } last && (string?)last["role"] == "tool")
                {
                    var reply = new JsonObject { ["role"] = "assistant", ["content"] = $"Understood, I did not send the email. Feedback noted: {(string?)last["content"]}" };
                    return ctx.Update().Set(s => s.Messages, [reply]).Set(s => s.ToolCall, null);
                }

                var request = state.Messages.LastOrDefault(m => (string?)m["role"] == "user");
                var call = new JsonObject
                {
                    ["name"] = "send_email",
                    ["args"] = new JsonObject { ["to"] = "team@example.com", ["subject"] = "Status update", ["body"] = (string?)request?["content"] ?? string.Empty },
                };
                var proposal = new JsonObject { ["role"] = "assistant", ["content"] = "I will send an email.", ["tool_call"] = call.DeepClone() };
                return ctx.Update().Set(s => s.Messages, [proposal]).Set(s => s.ToolCall, call).Goto("review");
            })
            .AddNode("review", (state, ctx) =>
            {
                var answer = (JsonObject)ctx.Interrupt(
                    new { question = "Review this tool call", tool_call = state.ToolCall },
                    new InterruptOptions { Validator = ReviewAnswer })!;
                switch ((string?)answer["action"])
                {
                    case "approve":
                        return ctx.Update().Goto("tools");
                    case "edit":
                        var edited = new JsonObject { ["name"] = state.ToolCall?["name"]?.DeepClone(), ["args"] = answer["args"]!.DeepClone() };
                        return ctx.Update().Set(s => s.ToolCall, edited).Goto("tools");
                    default:
                        var feedback = new JsonObject { ["role"] = "tool", ["content"] = (string?)answer["feedback"] ?? "rejected" };
                        return ctx.Update().Set(s => s.Messages, [feedback]).Set(s => s.ToolCall, null).Goto("agent");
                }
            })
            .AddNode("tools", (state, ctx) =>
            {
                var result = $"Email sent to {(string?)state.ToolCall?["args"]?["to"]}";
                var message = new JsonObject { ["role"] = "tool", ["content"] = result, ["name"] = "send_email" };
                return ctx.Update().Set(s => s.Result, result).Set(s => s.Messages, [message]);
            })
            .AddValidator(ReviewAnswer)
            .AddEdge(GraphNames.Start, "agent")
            .AddEdge("tools", GraphNames.End)
            .Compile();

    private static string? Check(JsonNode? answer)
    {
        if (answer is not JsonObject o || o["action"] is not JsonValue action || !action.TryGetValue<string>(out var name))
        {
            return "expected {\"action\": \"approve\" | \"edit\" | \"reject\", ...}.";
        }

        return name switch
        {
            "approve" => null,
            "edit" => o["args"] is JsonObject ? null : "an edit needs 'args', a JSON object.",
            "reject" => o["feedback"] is null or JsonValue ? null : "'feedback' must be a string.",
            _ => $"unknown action '{name}'; expected approve, edit or reject.",
        };
    }
}
