using System.Text.Json.Nodes;
using Interlude.Graph.Forms;

namespace Interlude.Workers.Samples;

/// <summary>The answer forms the samples declare, so that the inbox page answers each by clicks and typed fields.</summary>
internal static class SampleForms
{
    /// <summary>Approve (<c>{approved: true}</c>), or reject with an optional reason; the approval validator judges answers.</summary>
    public static AnswerForm Approval { get; } = AnswerForm.Decision(
        new AnswerAction("approve", "Approve") { Value = new JsonObject { ["approved"] = true } },
        new AnswerAction("reject", "Reject")
        {
            Value = new JsonObject { ["approved"] = false, ["reason"] = "" },
            Schema = JsonNode.Parse("""
                {"type":"object","properties":{"approved":{"const":false},"reason":{"type":"string","title":"Reason (optional)"}},
                 "required":["approved"],"additionalProperties":false}
                """),
        }) with { Enforced = false };

    /// <summary>One line of text; not enforced: these samples take any answer (an API client may send any JSON), the page asks for text.</summary>
    public static AnswerForm Text(string title) =>
        AnswerForm.Of(new JsonObject { ["type"] = "string", ["title"] = title, ["minLength"] = 1 }) with { Enforced = false };

    /// <summary>A whole number; not enforced, so a node that judges the answer itself (and asks again) still sees a bad one.</summary>
    public static AnswerForm Number(string title) =>
        AnswerForm.Of(new JsonObject { ["type"] = "integer", ["title"] = title }) with { Enforced = false };

    /// <summary>A text area holding <paramref name="draft"/>; the answer is the edited text.</summary>
    public static AnswerForm Draft(string title, string? draft) =>
        AnswerForm.Of(new JsonObject { ["type"] = "string", ["title"] = title, ["x-multiline"] = true }, draft);
}
