using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>
/// An answer to a paused thread: a single value (when exactly one interrupt is open) or a map
/// interrupt id -> value. <see cref="Map"/> null means a single value, JSON null included.
/// </summary>
public sealed record ResumeCommand(JsonNode? Value, IReadOnlyDictionary<string, JsonNode?>? Map, string? By = null)
{
    /// <summary>The answerer's roles, checked against interrupts that name approvers (see <see cref="AnswerRule"/>).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Answers the one open interrupt with <paramref name="value"/>; <paramref name="by"/> names who answered.</summary>
    public static ResumeCommand Single(JsonNode? value, string? by = null) => new(value, null, by);

    /// <summary>Answers the interrupts <paramref name="map"/> names, by id; <paramref name="by"/> names who answered.</summary>
    public static ResumeCommand ByIds(IReadOnlyDictionary<string, JsonNode?> map, string? by = null) => new(null, map, by);
}
