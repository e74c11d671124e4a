using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>A thread's state: what get-state returns, and the answer to a start or resume once the thread pauses or ends.</summary>
public sealed record ThreadStateSnapshot
{
    /// <summary>The thread's id.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the graph the thread runs.</summary>
    public required string Graph { get; init; }

    /// <summary>The version of <see cref="Graph"/> the thread started on and runs on.</summary>
    public int GraphVersion { get; init; } = 1;

    /// <summary><c>running</c>, <c>interrupted</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Channel -> value (a JSON object).</summary>
    public required JsonElement Values { get; init; }

    /// <summary>Nodes still to run in the current step.</summary>
    public IReadOnlyList<string> Next { get; init; } = [];

    /// <summary>The current step's tasks, with their open interrupts and errors.</summary>
    public IReadOnlyList<TaskInfo> Tasks { get; init; } = [];

    /// <summary>Open interrupts, breakpoint first, then by task and call index; empty unless <see cref="Status"/> is <c>interrupted</c>.</summary>
    public IReadOnlyList<InterruptInfo> Interrupts { get; init; } = [];

    /// <summary>The checkpoint's step: -1 for the input checkpoint, then one more per checkpoint (a fork: one more than the checkpoint it forks).</summary>
    public int Step { get; init; }

    /// <summary>This checkpoint's id (32 lower-case hex characters), to fork from with <see cref="ReplayThread"/>.</summary>
    public required string CheckpointId { get; init; }

    /// <summary>The checkpoint before this one (for a fork, the one it forks); null for the thread's first.</summary>
    public string? ParentCheckpointId { get; init; }

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How the checkpoint came to be.</summary>
    public required CheckpointMetadata Metadata { get; init; }

    /// <summary>Why the thread failed.</summary>
    public ThreadErrorInfo? Error { get; init; }

    /// <summary>Why the thread was cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>Increases with every change of the thread.</summary>
    public long Revision { get; init; }

    /// <summary>Who started the thread (<see cref="StartThread.By"/>); null when the start named nobody.</summary>
    public string? StartedBy { get; init; }
}

/// <summary>A task of the current step: one run of a node.</summary>
public sealed record TaskInfo
{
    /// <summary>The task id (32 lower-case hex characters), the same on every re-run.</summary>
    public required string Id { get; init; }

    /// <summary>The node the task runs.</summary>
    public required string Name { get; init; }

    /// <summary>The task's open interrupts.</summary>
    public IReadOnlyList<InterruptInfo> Interrupts { get; init; } = [];

    /// <summary>Why the task failed; null otherwise.</summary>
    public string? Error { get; init; }
}

/// <summary>An open interrupt: a question a node asked, or a breakpoint pause.</summary>
public sealed record InterruptInfo
{
    /// <summary>32 lower-case hex characters, deterministic per thread, task and call index: the key to answer it with in <see cref="ResumeRequested.ResumeMap"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The payload shown to the person answering (JSON); null for a breakpoint.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The node that asked (the innermost one, inside a subgraph), or the node a breakpoint holds.</summary>
    public required string Node { get; init; }

    /// <summary>Where inside subgraphs it was raised: <c>node:taskId</c> segments, outermost first (a JSON array); empty at the top level.</summary>
    public IReadOnlyList<string> Ns { get; init; } = [];

    /// <summary><c>before</c>, <c>during</c> or <c>after</c>.</summary>
    public required string When { get; init; }

    /// <summary>When the interrupt was raised.</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Its deadline (then it resolves as <c>timed-out</c>; a breakpoint cancels the thread); null when it has none.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Roles any one of which an answer must carry; empty: anyone allowed to answer may.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Four-eyes: whoever started the thread may not answer it.</summary>
    public bool FourEyes { get; init; }

    /// <summary>How a person answers it (a breakpoint: Continue); null: the interrupt declares no form.</summary>
    public AnswerFormInfo? Answer { get; init; }
}

/// <summary>How a checkpoint came to be.</summary>
public sealed record CheckpointMetadata
{
    /// <summary><c>input</c>, <c>loop</c>, <c>update</c> or <c>fork</c>.</summary>
    public required string Source { get; init; }

    /// <summary>node -> the writes that produced the checkpoint.</summary>
    public JsonElement? Writes { get; init; }
}

/// <summary>Why a thread failed.</summary>
public sealed record ThreadErrorInfo
{
    /// <summary>The node that failed; null when the failure was outside a node (such as routing from the start).</summary>
    public string? Node { get; init; }

    /// <summary>What went wrong (the error message).</summary>
    public required string Message { get; init; }
}
