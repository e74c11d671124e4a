using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>An interrupt as a node raised it, before the thread gives it a time and a deadline.</summary>
public sealed record RaisedInterrupt
{
    /// <summary>The interrupt's deterministic id (see <see cref="InterruptIds.For"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The node that called <c>Interrupt</c> (innermost, for a subgraph).</summary>
    public required string Node { get; init; }

    /// <summary>Task path, outermost first: <c>node:taskId</c> segments.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>Which call of <c>Interrupt</c> within its task (0-based).</summary>
    public int Index { get; init; }

    /// <summary>The payload shown to the person answering; null when the node passed none.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>How long the interrupt may stay open (the graph's default when the node set none); null: no deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The answer used when the deadline passes; null when there is no deadline.</summary>
    public JsonNode? TimeoutValue { get; init; }

    /// <summary>How long before the deadline a reminder goes out; null: no reminder.</summary>
    public TimeSpan? RemindBefore { get; init; }

    /// <summary>Name of the graph validator that checks answers; null: any answer is accepted.</summary>
    public string? Validator { get; init; }

    /// <summary>Roles any one of which an answer must carry; empty: no narrowing (see <see cref="Nodes.InterruptOptions.Approvers"/>).</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Whether the thread's starter is barred from answering (see <see cref="Nodes.InterruptOptions.FourEyes"/>).</summary>
    public bool FourEyes { get; init; }

    /// <summary>The answer form (see <see cref="Nodes.InterruptOptions.Answer"/>); null: none declared.</summary>
    public Forms.AnswerForm? Answer { get; init; }
}
