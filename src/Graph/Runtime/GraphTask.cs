using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>One node run within a step. Its id is stable while the thread stays on this step.</summary>
public sealed class GraphTask
{
    /// <summary>32 lower-case hex characters; the interrupt ids of the task derive from it.</summary>
    public required string Id { get; set; }

    /// <summary>The node this task runs.</summary>
    public required string Node { get; set; }

    /// <summary>Where the task is in its step.</summary>
    public GraphTaskStatus Status { get; set; }

    /// <summary>Pending writes of a completed task, applied when every task of the step has finished.</summary>
    public JsonObject? Writes { get; set; }

    /// <summary>Where this task routes to (static edges, conditional edges and goto), known once completed.</summary>
    public List<string>? Routes { get; set; }

    /// <summary>Answers recorded for this task's interrupts, by interrupt id.</summary>
    public Dictionary<string, JsonNode?> Resume { get; set; } = [];

    /// <summary>Journaled results of <c>ctx.Step</c> calls (and subgraph checkpoints), by key.</summary>
    public JsonObject Journal { get; set; } = [];

    /// <summary>The task's open interrupts.</summary>
    public List<InterruptRecord> Interrupts { get; set; } = [];

    /// <summary>When the task was last sent to a worker.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Why the task failed, if it did.</summary>
    public string? Error { get; set; }
}

/// <summary>Where a task is in its step.</summary>
public enum GraphTaskStatus
{
    /// <summary>Planned but held behind a breakpoint.</summary>
    Planned,

    /// <summary>Dispatched; waiting for its result.</summary>
    Running,

    /// <summary>Finished; its <see cref="GraphTask.Writes"/> wait for the rest of the step.</summary>
    Completed,

    /// <summary>Suspended on unanswered interrupts; it runs again from its start once they are answered.</summary>
    Interrupted,
}
