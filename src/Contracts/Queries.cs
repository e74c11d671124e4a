using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>Asks for a thread's snapshot: answered by <see cref="ThreadStateSnapshot"/> or <see cref="ThreadNotFound"/>.</summary>
public sealed record GetThreadState
{
    public required string ThreadId { get; init; }
}

/// <summary>The thread does not exist.</summary>
public sealed record ThreadNotFound
{
    public required string ThreadId { get; init; }
}

/// <summary>Lists interrupts (the approval inbox), oldest first: answered by <see cref="InterruptList"/>.</summary>
public sealed record ListInterrupts
{
    /// <summary><c>pending</c> (default): open interrupts.</summary>
    public string? Status { get; init; }

    public string? Graph { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 100;
}

public sealed record InterruptList
{
    public required IReadOnlyList<PendingInterrupt> Items { get; init; }
}

/// <summary>An open interrupt in the inbox.</summary>
public sealed record PendingInterrupt
{
    public required string ThreadId { get; init; }

    public required string Graph { get; init; }

    public required string Id { get; init; }

    public JsonElement? Value { get; init; }

    public required string Node { get; init; }

    public IReadOnlyList<string> Ns { get; init; } = [];

    public required string When { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>Asks for a thread's checkpoints, newest first: answered by <see cref="ThreadHistory"/> or <see cref="ThreadNotFound"/>.</summary>
public sealed record GetThreadHistory
{
    public required string ThreadId { get; init; }
}

public sealed record ThreadHistory
{
    public required string ThreadId { get; init; }

    /// <summary>One snapshot per checkpoint, newest first.</summary>
    public required IReadOnlyList<ThreadStateSnapshot> Items { get; init; }
}
