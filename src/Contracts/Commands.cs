using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>Starts a thread of <see cref="Graph"/>: applies <see cref="Input"/> and runs until it pauses or ends.</summary>
public sealed record StartThread
{
    /// <summary>1 to 64 characters of <c>[A-Za-z0-9._:-]</c>.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The registered name of the graph to run (unknown: <c>graph-not-found</c>).</summary>
    public required string Graph { get; init; }

    /// <summary>Initial state values (a JSON object), applied through the channels' reducers.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>A repeat with the same key is the same start (default: the message id); the key names one start across all threads.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Who started the thread: recorded as the thread's <c>StartedBy</c> (for the audit trail); over HTTP the authenticated caller's name.</summary>
    public string? By { get; init; }

    /// <summary>The roles of whoever sent the command (<c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or the application's own); null or empty: none.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>
/// Answers a paused thread: one value (<see cref="Resume"/>, JSON null included) when exactly one
/// interrupt is open, or <see cref="ResumeMap"/> (interrupt id -> answer). A non-null map wins.
/// </summary>
public sealed record ResumeRequested
{
    /// <summary>The paused thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The answer to the one open interrupt: any JSON; absent counts as JSON null. Ignored when <see cref="ResumeMap"/> is set.</summary>
    public JsonElement? Resume { get; init; }

    /// <summary>Answers by interrupt id (<see cref="InterruptInfo.Id"/>) to one or more open interrupts; every id must be open.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ResumeMap { get; init; }

    /// <summary>Who answered (for the audit trail).</summary>
    public string? By { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// The roles of whoever answered. An interrupt that names approvers (<c>InterruptOptions.Approvers</c>)
    /// refuses an answer carrying none of them with <c>forbidden</c>; producers are otherwise trusted.
    /// </summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>Writes values through the reducers; with <see cref="AsNode"/>, as that node's output.</summary>
public sealed record UpdateThreadState
{
    /// <summary>The paused thread (a running one is refused with <c>not-interrupted</c>).</summary>
    public required string ThreadId { get; init; }

    /// <summary>A JSON object: channel -> value.</summary>
    public required JsonElement Values { get; init; }

    /// <summary>
    /// The node whose output the update counts as: its open interrupts resolve as <c>updated</c> and the
    /// thread pauses before its successors; null keeps the thread paused where it is.
    /// </summary>
    public string? AsNode { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Who updated the state (for the audit trail); over HTTP the authenticated caller's name.</summary>
    public string? By { get; init; }

    /// <summary>The roles of whoever sent the command (<c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or the application's own); null or empty: none.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>
/// Continues a thread from an earlier checkpoint as a fork: the new head names that checkpoint as its
/// parent, and the old branch stays readable in the history.
/// </summary>
public sealed record ReplayThread
{
    /// <summary>The thread to fork.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The checkpoint to continue from: a <see cref="ThreadStateSnapshot.CheckpointId"/> of the thread's history (unknown: <c>checkpoint-not-found</c>).</summary>
    public required string CheckpointId { get; init; }

    /// <summary>
    /// Run the fork's <c>ctx.Step</c> work again. By default (false) the fork reuses the step results the
    /// branch it came from recorded for the same task, so a replay repeats no journaled side effect.
    /// </summary>
    public bool RerunSteps { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Who replayed the thread (for the audit trail); over HTTP the authenticated caller's name.</summary>
    public string? By { get; init; }

    /// <summary>The roles of whoever sent the command (<c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or the application's own); null or empty: none.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>Cancels a running or paused thread; its open interrupts are resolved as cancelled.</summary>
public sealed record CancelThread
{
    /// <summary>The running or paused thread to cancel (a finished one: <c>already-finished</c>).</summary>
    public required string ThreadId { get; init; }

    /// <summary>Why, as <see cref="ThreadCancelled.Reason"/> and <see cref="ThreadStateSnapshot.CancelReason"/> show it (default: <c>requested</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Who cancelled: recorded as who closed the open interrupts (default: the reason).</summary>
    public string? By { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The roles of whoever sent the command (<c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or the application's own); null or empty: none.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>
/// Internal: sends again the thread's tasks that were dispatched before <see cref="DispatchedBefore"/>
/// and never answered (recovery after the in-memory transport lost them with the process).
/// </summary>
public sealed record RedispatchTasks
{
    /// <summary>The thread whose tasks are sent again.</summary>
    public required string ThreadId { get; init; }

    /// <summary>Only running tasks dispatched before this time are sent again.</summary>
    public required DateTimeOffset DispatchedBefore { get; init; }
}

/// <summary>Internal: runs one task of a thread on a node worker.</summary>
public sealed record ExecuteNode
{
    /// <summary>The thread the task belongs to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the graph the node belongs to.</summary>
    public required string Graph { get; init; }

    /// <summary>The version of <see cref="Graph"/> the thread runs on (1 in a message sent before versions); a worker without it does not run the task.</summary>
    public int GraphVersion { get; init; } = 1;

    /// <summary>The task's id (32 lower-case hex characters): the same on every re-run, so a second answer is ignored.</summary>
    public required string TaskId { get; init; }

    /// <summary>The name of the node to run.</summary>
    public required string Node { get; init; }

    /// <summary>The state snapshot the node runs on (a JSON object).</summary>
    public required JsonElement Values { get; init; }

    /// <summary>Recorded answers, by interrupt id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Resume { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The task's step journal (a JSON object).</summary>
    public JsonElement? Journal { get; init; }

    /// <summary>
    /// Set when the task is its step's only task: the thread's revision when it was dispatched. From it
    /// a worker plans the steps that follow as the thread will, and may run the next ones in the same
    /// message (a chain, reported in <see cref="NodeExecuted.Chained"/>). Null: run this task only.
    /// </summary>
    public long? Revision { get; init; }
}

/// <summary>
/// Moves the deadline of an open interrupt: to <see cref="ExpiresAt"/>, or <see cref="ExtendBy"/> past
/// its current deadline (give exactly one). Its reminder, if any, keeps its lead and is armed again.
/// </summary>
public sealed record ExtendInterruptDeadline
{
    /// <summary>The paused thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The open interrupt whose deadline moves (<see cref="InterruptInfo.Id"/>).</summary>
    public required string InterruptId { get; init; }

    /// <summary>The new deadline, in the future; null when <see cref="ExtendBy"/> is given.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A positive span added to the current deadline (to now if it has none); null when <see cref="ExpiresAt"/> is given.</summary>
    public TimeSpan? ExtendBy { get; init; }

    /// <summary>Who extended it (for the audit trail).</summary>
    public string? By { get; init; }

    /// <summary>A repeat with the same key has no further effect (default: the message id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The roles of whoever sent the command (<c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or the application's own); null or empty: none.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The authentication scheme <see cref="By"/> came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>), for the audit; null otherwise.</summary>
    public string? Scheme { get; init; }
}

/// <summary>
/// Scheduled by the thread itself for its earliest open deadline or reminder. A copy whose scheduling
/// token is no longer the thread's (rescheduled, resumed, cancelled) is ignored.
/// </summary>
public sealed record InterruptTimeoutExpired
{
    /// <summary>The thread to wake.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The time the thread asked to be woken at.</summary>
    public DateTimeOffset DueAt { get; init; }
}
