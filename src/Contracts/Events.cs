using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>A thread was created.</summary>
public sealed record ThreadStarted
{
    /// <summary>The new thread's id.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the graph the thread runs.</summary>
    public required string Graph { get; init; }

    /// <summary>The version of <see cref="Graph"/> the thread started on: the highest the starting host had.</summary>
    public int GraphVersion { get; init; } = 1;

    /// <summary>The thread's first checkpoint (source <c>input</c>).</summary>
    public required string CheckpointId { get; init; }
}

/// <summary>Internal: a worker finished running a task (completed, interrupted or failed).</summary>
public sealed record NodeExecuted
{
    /// <summary>The thread the task belongs to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The task that ran (<see cref="ExecuteNode.TaskId"/>).</summary>
    public required string TaskId { get; init; }

    /// <summary>The node that ran.</summary>
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

    /// <summary>Why a failed task failed; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// The further steps of a chain, in order: each the outcome of the one task the step before it led
    /// to, run in the same message (none of them has a chain of its own). Empty (or absent, from an
    /// older worker): this task ran alone.
    /// </summary>
    public IReadOnlyList<NodeExecuted> Chained { get; init; } = [];
}

/// <summary>An interrupt as a node raised it.</summary>
public sealed record RaisedInterruptInfo
{
    /// <summary>The interrupt id: 32 lower-case hex characters, deterministic per thread, task path and call index.</summary>
    public required string Id { get; init; }

    /// <summary>The node that called <c>Interrupt</c> (the innermost one, inside a subgraph).</summary>
    public required string Node { get; init; }

    /// <summary>
    /// The task path, outermost first, as <c>node:taskId</c> segments; with more than one segment (a
    /// subgraph) it becomes the interrupt's <see cref="InterruptInfo.Ns"/>.
    /// </summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>Which <c>Interrupt</c> call of the task it is (0-based).</summary>
    public int Index { get; init; }

    /// <summary>The payload for the person answering (JSON).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>How long the interrupt stays open before it resolves as <c>timed-out</c>; null for no deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The answer taken when the deadline passes (default <c>{"approved": false, "reason": "timeout"}</c>); null without a timeout.</summary>
    public JsonElement? TimeoutValue { get; init; }

    /// <summary>How long before the deadline <see cref="InterruptReminderDue"/> is published; null for no reminder.</summary>
    public TimeSpan? RemindBefore { get; init; }

    /// <summary>The name of the graph validator that checks answers; null when any answer is accepted.</summary>
    public string? Validator { get; init; }

    /// <summary>Roles any one of which an answer must carry; empty: no narrowing.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Whether the thread's starter is barred from answering (four-eyes).</summary>
    public bool FourEyes { get; init; }

    /// <summary>How a person answers it; null: the interrupt declares no form.</summary>
    public AnswerFormInfo? Answer { get; init; }
}

/// <summary>A step's writes were applied (the stream of updates).</summary>
public sealed record StepCompleted
{
    /// <summary>The thread that took the step.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The step number, as <see cref="ThreadStateSnapshot.Step"/>.</summary>
    public required int Step { get; init; }

    /// <summary>The thread's checkpoint once the step's writes were applied (each step of a chain has its own).</summary>
    public required string CheckpointId { get; init; }

    /// <summary>node -> its writes.</summary>
    public required JsonElement Writes { get; init; }
}

/// <summary>A thread paused on an interrupt (one event per open interrupt).</summary>
public sealed record InterruptRaised
{
    /// <summary>The paused thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The open interrupt, as <see cref="ThreadStateSnapshot.Interrupts"/> lists it.</summary>
    public required InterruptInfo Interrupt { get; init; }
}

/// <summary>An interrupt closed: answered, timed-out, cancelled, updated or withdrawn.</summary>
public sealed record InterruptResolved
{
    /// <summary>The thread the interrupt belongs to.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The closed interrupt (<see cref="InterruptInfo.Id"/>).</summary>
    public required string InterruptId { get; init; }

    /// <summary>
    /// <c>answered</c>, <c>timed-out</c>, <c>cancelled</c>, <c>updated</c> (a state update as its node)
    /// or <c>withdrawn</c> (its node ran again and no longer asked).
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>The answer given, or the timeout value for <c>timed-out</c>; null when cancelled, updated or withdrawn.</summary>
    public JsonElement? Answer { get; init; }

    /// <summary>
    /// Who closed it: <see cref="ResumeRequested.By"/>, <see cref="CancelThread.By"/> (else the cancel
    /// reason), or <c>timeout</c>, <c>update</c>, <c>replay</c>, <c>failure</c>; null when withdrawn or not given.
    /// </summary>
    public string? By { get; init; }
}

/// <summary>An open interrupt's deadline is near: published once per deadline, its reminder lead before it.</summary>
public sealed record InterruptReminderDue
{
    /// <summary>The paused thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The interrupt whose deadline is near (<see cref="InterruptInfo.Id"/>).</summary>
    public required string InterruptId { get; init; }

    /// <summary>The node that asked, or the node a breakpoint holds.</summary>
    public required string Node { get; init; }

    /// <summary>The interrupt's payload (JSON); null for a breakpoint.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The deadline the reminder is for.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A resume could not apply and changed nothing.</summary>
public sealed record ResumeRejected
{
    /// <summary>The thread the resume was for.</summary>
    public required string ThreadId { get; init; }

    /// <summary>
    /// <c>not-interrupted</c>, <c>unknown-interrupt</c>, <c>already-resolved</c>, <c>ambiguous</c>,
    /// <c>invalid-answer</c>, <c>malformed</c> or <c>thread-not-found</c>.
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>A human-readable explanation.</summary>
    public required string Message { get; init; }
}

/// <summary>A start, update or cancel could not apply and changed nothing.</summary>
public sealed record CommandRejected
{
    /// <summary>The thread the command was for.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The refused command's message type name.</summary>
    public required string Command { get; init; }

    /// <summary>Such as <c>thread-exists</c>, <c>graph-not-found</c>, <c>already-finished</c>, <c>unknown-node</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>A human-readable explanation.</summary>
    public required string Message { get; init; }
}

/// <summary>A thread reached its end.</summary>
public sealed record ThreadCompleted
{
    /// <summary>The completed thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The final state: channel -> value (a JSON object).</summary>
    public required JsonElement Values { get; init; }
}

/// <summary>A thread failed: a node threw past its retry policy, or the graph was misused.</summary>
public sealed record ThreadFailed
{
    /// <summary>The failed thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The node that failed; null when the failure was outside a node (such as routing from the start).</summary>
    public string? Node { get; init; }

    /// <summary>What went wrong (the error message).</summary>
    public required string Error { get; init; }
}

/// <summary>A thread was cancelled (on request, or a breakpoint's deadline passed).</summary>
public sealed record ThreadCancelled
{
    /// <summary>The cancelled thread.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary><c>requested</c> (the default), <c>timeout</c> (a breakpoint's deadline passed) or the reason <see cref="CancelThread"/> gave.</summary>
    public required string Reason { get; init; }
}
