using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Interlude.Graph.Runtime;

/// <summary>
/// The head of a thread: the latest checkpoint (values at a step boundary) plus the step in flight
/// (its tasks, their pending writes, journals and open interrupts). Stored as JSON in the saga row.
/// </summary>
public sealed class ThreadCheckpoint
{
    public required string ThreadId { get; set; }

    public required string Graph { get; set; }

    public ThreadStatus Status { get; set; }

    /// <summary>Bumped on every change; checkpoint and task ids derive from it, so they are unique per thread.</summary>
    public long Revision { get; set; }

    public required string CheckpointId { get; set; }

    public string? ParentCheckpointId { get; set; }

    /// <summary>-1 for the input checkpoint, then one more per completed step or update.</summary>
    public int Step { get; set; }

    public CheckpointSource Source { get; set; }

    /// <summary>Metadata: node -> the writes that produced this checkpoint.</summary>
    public JsonObject? Writes { get; set; }

    public JsonObject Values { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The tasks of the step in flight (planned, running, or finished with pending writes).</summary>
    public List<GraphTask> Tasks { get; set; } = [];

    /// <summary>An open breakpoint pause (before or after), if any.</summary>
    public InterruptRecord? Breakpoint { get; set; }

    /// <summary>Every interrupt of the thread that is no longer open, so a late answer is told "already resolved".</summary>
    public List<ResolvedInterrupt> Resolved { get; set; } = [];

    public ThreadError? Error { get; set; }

    /// <summary>Why the thread was cancelled (<c>requested</c>, <c>timeout</c>).</summary>
    public string? CancelReason { get; set; }

    /// <summary>Open interrupts, breakpoint first, then by task order and call index.</summary>
    [JsonIgnore]
    public IEnumerable<InterruptRecord> OpenInterrupts =>
        (Breakpoint is null ? [] : new[] { Breakpoint }).Concat(Tasks.SelectMany(t => t.Interrupts));

    /// <summary>The nodes still to run in this step.</summary>
    [JsonIgnore]
    public IEnumerable<string> Next => Tasks.Where(t => t.Status != GraphTaskStatus.Completed).Select(t => t.Node);

    /// <summary>
    /// When the paused thread must wake: the earliest open deadline or unsent reminder. Null while it
    /// runs (deadlines only act on a paused thread; the next pause plans the wake-up again) or ends.
    /// </summary>
    public DateTimeOffset? NextWakeUp() =>
        Status != ThreadStatus.Interrupted
            ? null
            : OpenInterrupts.SelectMany(i => new[] { i.ExpiresAt, i.Reminded ? null : i.RemindAt }).Min();

    public string ToJson() => JsonSerializer.Serialize(this, GraphJson.RecordOptions);

    public static ThreadCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize<ThreadCheckpoint>(json, GraphJson.RecordOptions)
        ?? throw new InvalidOperationException("A thread checkpoint cannot be null.");
}

public enum ThreadStatus
{
    Running,
    Interrupted,
    Completed,
    Failed,
    Cancelled,
}

public enum CheckpointSource
{
    Input,
    Loop,
    Update,
    Fork,
}

/// <summary>The node and message that failed a thread.</summary>
public sealed record ThreadError(string? Node, string Message);

/// <summary>An interrupt that was answered, timed out, cancelled or superseded by a state update.</summary>
public sealed record ResolvedInterrupt(string Id, string Outcome, DateTimeOffset ResolvedAt, string? By);
