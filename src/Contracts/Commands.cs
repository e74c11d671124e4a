using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>Starts a thread of <see cref="Graph"/>: applies <see cref="Input"/> and runs until it pauses or ends.</summary>
public sealed record StartThread
{
    /// <summary>1 to 64 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    /// <summary>Initial state values (a JSON object), applied through the channels' reducers.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>A repeat with the same key is the same start (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Answers a paused thread: one value (<see cref="Resume"/>, JSON null included) when exactly one
/// interrupt is open, or <see cref="ResumeMap"/> (interrupt id -> answer). A non-null map wins.
/// </summary>
public sealed record ResumeRequested
{
    public required string ThreadId { get; init; }

    public JsonElement? Resume { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? ResumeMap { get; init; }

    /// <summary>Who answered (for the audit trail).</summary>
    public string? By { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>Writes values through the reducers; with <see cref="AsNode"/>, as that node's output.</summary>
public sealed record UpdateThreadState
{
    public required string ThreadId { get; init; }

    /// <summary>A JSON object: channel -> value.</summary>
    public required JsonElement Values { get; init; }

    public string? AsNode { get; init; }

    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Continues a thread from an earlier checkpoint as a fork: the new head names that checkpoint as its
/// parent, and the old branch stays readable in the history.
/// </summary>
public sealed record ReplayThread
{
    public required string ThreadId { get; init; }

    public required string CheckpointId { get; init; }

    public string? IdempotencyKey { get; init; }
}

/// <summary>Cancels a running or paused thread; its open interrupts are resolved as cancelled.</summary>
public sealed record CancelThread
{
    public required string ThreadId { get; init; }

    public string? Reason { get; init; }

    public string? By { get; init; }
}

/// <summary>
/// Internal: sends again the thread's tasks that were dispatched before <see cref="DispatchedBefore"/>
/// and never answered (recovery after the in-memory transport lost them with the process).
/// </summary>
public sealed record RedispatchTasks
{
    public required string ThreadId { get; init; }

    public required DateTimeOffset DispatchedBefore { get; init; }
}

/// <summary>Internal: runs one task of a thread on a node worker.</summary>
public sealed record ExecuteNode
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required string TaskId { get; init; }

    public required string Node { get; init; }

    /// <summary>The state snapshot the node runs on (a JSON object).</summary>
    public required JsonElement Values { get; init; }

    /// <summary>Recorded answers, by interrupt id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Resume { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The task's step journal (a JSON object).</summary>
    public JsonElement? Journal { get; init; }
}

/// <summary>
/// Moves the deadline of an open interrupt: to <see cref="ExpiresAt"/>, or <see cref="ExtendBy"/> past
/// its current deadline (give exactly one). Its reminder, if any, keeps its lead and is armed again.
/// </summary>
public sealed record ExtendInterruptDeadline
{
    public required string ThreadId { get; init; }

    public required string InterruptId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public TimeSpan? ExtendBy { get; init; }

    /// <summary>Who extended it (for the audit trail).</summary>
    public string? By { get; init; }

    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Scheduled by the thread itself for its earliest open deadline or reminder. A copy whose scheduling
/// token is no longer the thread's (rescheduled, resumed, cancelled) is ignored.
/// </summary>
public sealed record InterruptTimeoutExpired
{
    public required string ThreadId { get; init; }

    /// <summary>The time the thread asked to be woken at.</summary>
    public DateTimeOffset DueAt { get; init; }
}
