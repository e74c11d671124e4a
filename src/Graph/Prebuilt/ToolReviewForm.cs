using System.Text.Json.Nodes;
using Interlude.Graph.Forms;

namespace Interlude.Graph.Prebuilt;

/// <summary>
/// The answer form of one tool call's review: one action per allowed decision, answering
/// <c>{action: approve | edit | reject | respond, args?, feedback?, message?}</c>.
/// </summary>
internal static class ToolReviewForm
{
    public static AnswerForm For(ToolCall call, ToolReview review) =>
        AnswerForm.Decision([.. review.AllowedDecisions.Distinct().Select(d => Action(d, call, review))]);

    public static string Name(ToolDecisionType type) => type.ToString().ToLowerInvariant();

    private static AnswerAction Action(ToolDecisionType type, ToolCall call, ToolReview review) => type switch
    {
        ToolDecisionType.Approve => new AnswerAction("approve", "Approve") { Value = Answer(type), Schema = Schema(type, []) },
        ToolDecisionType.Edit => new AnswerAction("edit", "Edit")
        {
            Value = Answer(type, ("args", call.Args.DeepClone())),
            Schema = Schema(type, [("args", review.ArgsSchema?.DeepClone() ?? new JsonObject { ["type"] = "object", ["title"] = "Arguments" }, true)]),
        },
        ToolDecisionType.Reject => new AnswerAction("reject", "Reject")
        {
            Value = Answer(type, ("feedback", "")),
            Schema = Schema(type, [("feedback", Text("Feedback", minLength: 0), false)]),
        },
        _ => new AnswerAction("respond", "Respond")
        {
            Value = Answer(type, ("message", "")),
            Schema = Schema(type, [("message", Text("Message", minLength: 1), true)]),
        },
    };

    private static JsonObject Answer(ToolDecisionType type, params (string Name, JsonNode? Value)[] fields)
    {
        var answer = new JsonObject { ["action"] = Name(type) };
        foreach (var (name, value) in fields)
        {
            answer[name] = value;
        }

        return answer;
    }

    private static JsonObject Schema(ToolDecisionType type, (string Name, JsonNode Schema, bool Required)[] fields)
    {
        var properties = new JsonObject { ["action"] = new JsonObject { ["const"] = Name(type) } };
        var required = new JsonArray("action");
        foreach (var (name, schema, isRequired) in fields)
        {
            properties[name] = schema;
            if (isRequired)
            {
                required.Add(name);
            }
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false };
    }

    private static JsonObject Text(string title, int minLength) =>
        new() { ["type"] = "string", ["title"] = title, ["minLength"] = minLength, ["x-multiline"] = true };
}
