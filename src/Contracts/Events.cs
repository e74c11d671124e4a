using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>A thread was created.</summary>
public sealed record ThreadStarted
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required string CheckpointId { get; init; }
}

/// <summary>Internal: a worker finished running a task (completed, interrupted or failed).</summary>
public sealed record NodeExecuted
{
    public required string ThreadId { get; init; }

    public required string TaskId { get; init; }

    public required string Node { get; init; }

    /// <summary><c>completed</c>, <c>interrupted</c> or <c>failed</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Channel writes of a completed task (a JSON object).</summary>
    public JsonElement? Writes { get; init; }

    /// <summary>Where a completed task routes to.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>The task's step journal after the run.</summary>
    public JsonElement? Journal { get; init; }

    /// <summary>Unanswered interrupts of an interrupted task.</summary>
    public IReadOnlyList<RaisedInterruptInfo> Interrupts { get; init; } = [];

    public string? Error { get; init; }
}

/// <summary>An interrupt as a node raised it.</summary>
public sealed record RaisedInterruptInfo
{
    public required string Id { get; init; }

    public required string Node { get; init; }

    public IReadOnlyList<string> Path { get; init; } = [];

    public int Index { get; init; }

    public JsonElement? Value { get; init; }

    public TimeSpan? Timeout { get; init; }

    public JsonElement? TimeoutValue { get; init; }

    public TimeSpan? RemindBefore { get; init; }

    public string? Validator { get; init; }
}

/// <summary>A step's writes were applied (the stream of updates).</summary>
public sealed record StepCompleted
{
    public required string ThreadId { get; init; }

    public required int Step { get; init; }

    public required string CheckpointId { get; init; }

    /// <summary>node -> its writes.</summary>
    public required JsonElement Writes { get; init; }
}

/// <summary>A thread paused on an interrupt (one event per open interrupt).</summary>
public sealed record InterruptRaised
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required InterruptInfo Interrupt { get; init; }
}

/// <summary>An interrupt closed: answered, timed-out, cancelled, updated or withdrawn.</summary>
public sealed record InterruptResolved
{
    public required string ThreadId { get; init; }

    public required string InterruptId { get; init; }

    public required string Outcome { get; init; }

    public JsonElement? Answer { get; init; }

    public string? By { get; init; }
}

/// <summary>An open interrupt's deadline is near: published once per deadline, its reminder lead before it.</summary>
public sealed record InterruptReminderDue
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required string InterruptId { get; init; }

    public required string Node { get; init; }

    public JsonElement? Value { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A resume could not apply and changed nothing.</summary>
public sealed record ResumeRejected
{
    public required string ThreadId { get; init; }

    /// <summary>
    /// <c>not-interrupted</c>, <c>unknown-interrupt</c>, <c>already-resolved</c>, <c>ambiguous</c>,
    /// <c>invalid-answer</c>, <c>malformed</c> or <c>thread-not-found</c>.
    /// </summary>
    public required string Reason { get; init; }

    public required string Message { get; init; }
}

/// <summary>A start, update or cancel could not apply and changed nothing.</summary>
public sealed record CommandRejected
{
    public required string ThreadId { get; init; }

    /// <summary>The refused command's message type name.</summary>
    public required string Command { get; init; }

    /// <summary>Such as <c>thread-exists</c>, <c>graph-not-found</c>, <c>already-finished</c>, <c>unknown-node</c>.</summary>
    public required string Reason { get; init; }

    public required string Message { get; init; }
}

/// <summary>A thread reached its end.</summary>
public sealed record ThreadCompleted
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required JsonElement Values { get; init; }
}

/// <summary>A thread failed: a node threw past its retry policy, or the graph was misused.</summary>
public sealed record ThreadFailed
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public string? Node { get; init; }

    public required string Error { get; init; }
}

/// <summary>A thread was cancelled (on request, or a breakpoint's deadline passed).</summary>
public sealed record ThreadCancelled
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required string Reason { get; init; }
}
