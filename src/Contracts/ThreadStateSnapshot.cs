using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>A thread's state: what get-state returns, and the answer to a start or resume once the thread pauses or ends.</summary>
public sealed record ThreadStateSnapshot
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    /// <summary><c>running</c>, <c>interrupted</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Channel -> value (a JSON object).</summary>
    public required JsonElement Values { get; init; }

    /// <summary>Nodes still to run in the current step.</summary>
    public IReadOnlyList<string> Next { get; init; } = [];

    public IReadOnlyList<TaskInfo> Tasks { get; init; } = [];

    public IReadOnlyList<InterruptInfo> Interrupts { get; init; } = [];

    public int Step { get; init; }

    public required string CheckpointId { get; init; }

    public string? ParentCheckpointId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required CheckpointMetadata Metadata { get; init; }

    /// <summary>Why the thread failed.</summary>
    public ThreadErrorInfo? Error { get; init; }

    /// <summary>Why the thread was cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>Increases with every change of the thread.</summary>
    public long Revision { get; init; }
}

public sealed record TaskInfo
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<InterruptInfo> Interrupts { get; init; } = [];

    public string? Error { get; init; }
}

public sealed record InterruptInfo
{
    public required string Id { get; init; }

    public JsonElement? Value { get; init; }

    public required string Node { get; init; }

    public IReadOnlyList<string> Ns { get; init; } = [];

    /// <summary><c>before</c>, <c>during</c> or <c>after</c>.</summary>
    public required string When { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

public sealed record CheckpointMetadata
{
    /// <summary><c>input</c>, <c>loop</c>, <c>update</c> or <c>fork</c>.</summary>
    public required string Source { get; init; }

    /// <summary>node -> the writes that produced the checkpoint.</summary>
    public JsonElement? Writes { get; init; }
}

public sealed record ThreadErrorInfo
{
    public string? Node { get; init; }

    public required string Message { get; init; }
}
