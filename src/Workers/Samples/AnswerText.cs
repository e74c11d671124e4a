using System.Text.Json.Nodes;
using Interlude.Graph;

namespace Interlude.Workers.Samples;

/// <summary>How samples quote an answer: a JSON string as is, anything else as compact JSON.</summary>
internal static class AnswerText
{
    public static string Of(JsonNode? answer) =>
        answer is JsonValue value && value.TryGetValue<string>(out var text) ? text : GraphJson.Compact(answer);
}
