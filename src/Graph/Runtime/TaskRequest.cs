using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>Everything a node run needs: the state snapshot, the recorded answers and the journal.</summary>
public sealed record TaskRequest
{
    public required string ThreadId { get; init; }

    public required string TaskId { get; init; }

    public required string Node { get; init; }

    /// <summary>Path segments of enclosing tasks (subgraphs), outermost first; empty at the top level.</summary>
    public IReadOnlyList<string> ParentPath { get; init; } = [];

    public required JsonObject Values { get; init; }

    public IReadOnlyDictionary<string, JsonNode?> Resume { get; init; } = new Dictionary<string, JsonNode?>();

    public JsonObject Journal { get; init; } = [];

    /// <summary>The time the run started, for subgraph checkpoints.</summary>
    public DateTimeOffset Now { get; init; }
}

/// <summary>How a node run ended.</summary>
public sealed record TaskOutcome
{
    public required string TaskId { get; init; }

    public required TaskOutcomeKind Kind { get; init; }

    /// <summary>Channel writes of a completed task.</summary>
    public JsonObject Writes { get; init; } = [];

    /// <summary>Successor nodes of a completed task.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>The task's journal after the run (completed or interrupted).</summary>
    public JsonObject Journal { get; init; } = [];

    /// <summary>Unanswered interrupts of an interrupted task.</summary>
    public IReadOnlyList<RaisedInterrupt> Interrupts { get; init; } = [];

    /// <summary>Why a failed task failed.</summary>
    public string? Error { get; init; }
}

public enum TaskOutcomeKind
{
    Completed,
    Interrupted,
    Failed,
}
