using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>Everything a node run needs: the state snapshot, the recorded answers and the journal.</summary>
public sealed record TaskRequest
{
    /// <summary>The thread the task belongs to (a subgraph's own thread id inside a subgraph).</summary>
    public required string ThreadId { get; init; }

    /// <summary>The task's stable id, the same on every re-run after an answer.</summary>
    public required string TaskId { get; init; }

    /// <summary>The node to run.</summary>
    public required string Node { get; init; }

    /// <summary>Path segments of enclosing tasks (subgraphs), outermost first; empty at the top level.</summary>
    public IReadOnlyList<string> ParentPath { get; init; } = [];

    /// <summary>The state the node runs on: the checkpoint's values (channel name -> JSON value).</summary>
    public required JsonObject Values { get; init; }

    /// <summary>Answers recorded for the task's interrupts, by interrupt id; empty on the first run.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Resume { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Journaled results of earlier runs' <c>ctx.Step</c> calls (and subgraph checkpoints), by key; empty on the first run.</summary>
    public JsonObject Journal { get; init; } = [];

    /// <summary>The time the run started, for subgraph checkpoints.</summary>
    public DateTimeOffset Now { get; init; }
}

/// <summary>How a node run ended.</summary>
public sealed record TaskOutcome
{
    /// <summary>The id of the task that ran (<see cref="TaskRequest.TaskId"/>).</summary>
    public required string TaskId { get; init; }

    /// <summary>Whether the run completed, was interrupted or failed.</summary>
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

/// <summary>How a node run ended.</summary>
public enum TaskOutcomeKind
{
    /// <summary>The node returned: <see cref="TaskOutcome.Writes"/> and <see cref="TaskOutcome.Routes"/> hold its result.</summary>
    Completed,

    /// <summary>The node raised interrupts that have no answer yet: <see cref="TaskOutcome.Interrupts"/>.</summary>
    Interrupted,

    /// <summary>The task could not run (no such node, a class node that cannot be created) or its writes or routes are invalid: <see cref="TaskOutcome.Error"/>. An exception the node throws propagates instead.</summary>
    Failed,
}
