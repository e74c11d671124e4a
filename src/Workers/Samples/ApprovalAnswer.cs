using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary>An approval answer: <c>true</c>, <c>false</c> or <c>{approved: bool, reason?: string}</c>.</summary>
public sealed record ApprovalAnswer(bool Approved, string? Reason)
{
    public static AnswerValidator Validator { get; } = new("approval-answer", Check);

    /// <summary>Reads a valid answer (see <see cref="Validator"/>).</summary>
    public static ApprovalAnswer Read(JsonNode? answer) => answer switch
    {
        JsonObject o => new ApprovalAnswer(o["approved"]!.GetValue<bool>(), o["reason"]?.GetValue<string>()),
        _ => new ApprovalAnswer(answer!.GetValue<bool>(), null),
    };

    private static string? Check(JsonNode? answer)
    {
        const string Expected = "expected true, false or {\"approved\": bool, \"reason\"?: string}";
        switch (answer)
        {
            case JsonValue value when value.TryGetValue<bool>(out _):
                return null;
            case JsonObject o:
                if (o["approved"] is not JsonValue approved || !approved.TryGetValue<bool>(out _))
                {
                    return $"'approved' must be true or false; {Expected}.";
                }

                if (o["reason"] is { } reason && (reason is not JsonValue text || !text.TryGetValue<string>(out _)))
                {
                    return "'reason' must be a string.";
                }

                return o.Any(p => p.Key is not ("approved" or "reason")) ? $"unexpected field; {Expected}." : null;
            default:
                return $"{Expected}.";
        }
    }
}
