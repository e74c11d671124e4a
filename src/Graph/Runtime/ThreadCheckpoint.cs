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
    /// <summary>The thread's id.</summary>
    public required string ThreadId { get; set; }

    /// <summary>The name of the graph the thread runs.</summary>
    public required string Graph { get; set; }

    /// <summary>The version of <see cref="Graph"/> the thread started on and runs on (1 in a checkpoint written before versions).</summary>
    public int GraphVersion { get; set; } = 1;

    /// <summary>Who started the thread (<c>StartThread.By</c>); null when the start named nobody.</summary>
    public string? StartedBy { get; set; }

    /// <summary>Whether the thread runs, waits for answers or has finished.</summary>
    public ThreadStatus Status { get; set; }

    /// <summary>Bumped on every change; checkpoint and task ids derive from it, so they are unique per thread.</summary>
    public long Revision { get; set; }

    /// <summary>The id of the latest checkpoint (32 lower-case hex characters).</summary>
    public required string CheckpointId { get; set; }

    /// <summary>The checkpoint this one follows (for a fork, the one replayed); null for the thread's first checkpoint.</summary>
    public string? ParentCheckpointId { get; set; }

    /// <summary>-1 for the input checkpoint, then one more per completed step or update.</summary>
    public int Step { get; set; }

    /// <summary>What made the latest checkpoint.</summary>
    public CheckpointSource Source { get; set; }

    /// <summary>Metadata: node -> the writes that produced this checkpoint.</summary>
    public JsonObject? Writes { get; set; }

    /// <summary>The state at the latest checkpoint: channel name -> JSON value.</summary>
    public JsonObject Values { get; set; } = [];

    /// <summary>When the latest checkpoint was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The tasks of the step in flight (planned, running, or finished with pending writes).</summary>
    public List<GraphTask> Tasks { get; set; } = [];

    /// <summary>An open breakpoint pause (before or after), if any.</summary>
    public InterruptRecord? Breakpoint { get; set; }

    /// <summary>Why the thread failed; null unless <see cref="Status"/> is <see cref="ThreadStatus.Failed"/>.</summary>
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

    /// <summary>The checkpoint as JSON, as the saga row stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GraphJson.RecordOptions);

    /// <summary>Reads a checkpoint written by <see cref="ToJson"/>.</summary>
    public static ThreadCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize<ThreadCheckpoint>(json, GraphJson.RecordOptions)
        ?? throw new InvalidOperationException("A thread checkpoint cannot be null.");
}

/// <summary>Where a thread is in its life. Completed, failed and cancelled are final (a replay can still fork the thread).</summary>
public enum ThreadStatus
{
    /// <summary>Tasks of the current step are running.</summary>
    Running,

    /// <summary>Paused: waiting for answers to open interrupts, or held at a breakpoint.</summary>
    Interrupted,

    /// <summary>The thread reached END: a step had no next node.</summary>
    Completed,

    /// <summary>A node failed or a step's writes could not apply (<see cref="ThreadCheckpoint.Error"/>).</summary>
    Failed,

    /// <summary>Cancelled on request or because a breakpoint timed out (<see cref="ThreadCheckpoint.CancelReason"/>).</summary>
    Cancelled,
}

/// <summary>What made a checkpoint (the snapshot's <c>metadata.source</c>).</summary>
public enum CheckpointSource
{
    /// <summary>The thread's start input.</summary>
    Input,

    /// <summary>The writes of a completed step.</summary>
    Loop,

    /// <summary>A state update (<c>UpdateThreadState</c>).</summary>
    Update,

    /// <summary>A replay from an earlier checkpoint, which becomes its parent.</summary>
    Fork,
}

/// <summary>The node and message that failed a thread.</summary>
public sealed record ThreadError(string? Node, string Message);

/// <summary>
/// An interrupt that was answered, timed out, cancelled or superseded by a state update. The checkpoint
/// does not keep these (it would grow with every answer): the host's journal does, one row each.
/// </summary>
public sealed record ResolvedInterrupt(string Id, string Outcome, DateTimeOffset ResolvedAt, string? By);
