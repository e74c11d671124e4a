using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>An interrupt as a node raised it, before the thread gives it a time and a deadline.</summary>
public sealed record RaisedInterrupt
{
    public required string Id { get; init; }

    /// <summary>The node that called <c>Interrupt</c> (innermost, for a subgraph).</summary>
    public required string Node { get; init; }

    /// <summary>Task path, outermost first: <c>node:taskId</c> segments.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    public int Index { get; init; }

    public JsonNode? Value { get; init; }

    public TimeSpan? Timeout { get; init; }

    public JsonNode? TimeoutValue { get; init; }

    public TimeSpan? RemindBefore { get; init; }

    public string? Validator { get; init; }
}
