using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>Asks for a page of a thread's audit, oldest first: answered by <see cref="ThreadAudit"/> or <see cref="ThreadNotFound"/>.</summary>
public sealed record GetThreadAudit
{
    /// <summary>The thread whose audit to read.</summary>
    public required string ThreadId { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Entries per page, 1 to 1000 (clamped); default 100.</summary>
    public int PageSize { get; init; } = 100;
}

/// <summary>The answer to <see cref="GetThreadAudit"/>: one page of the thread's audit.</summary>
public sealed record ThreadAudit
{
    /// <summary>The thread the audit is of.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The page's entries, oldest first; empty past the last page.</summary>
    public required IReadOnlyList<AuditEntry> Items { get; init; }
}

/// <summary>One accepted change of a thread, appended when it was committed and never changed.</summary>
public sealed record AuditEntry
{
    /// <summary>Orders the thread's entries.</summary>
    public long Sequence { get; init; }

    /// <summary>When it was committed.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>
    /// What happened: <c>start</c>, <c>answer</c>, <c>timeout</c>, <c>reminder</c>, <c>cancel</c>, <c>update</c>,
    /// <c>replay</c>, <c>extend</c>, or what the thread did itself (<c>withdraw</c>, <c>fail</c>).
    /// </summary>
    public required string Action { get; init; }

    /// <summary>Who: the command's <c>By</c> (over HTTP the authenticated caller); null when nobody was named.</summary>
    public string? By { get; init; }

    /// <summary>The authentication scheme the caller came by over HTTP (such as <c>ApiKey</c>, <c>Bearer</c>); null otherwise.</summary>
    public string? Scheme { get; init; }

    /// <summary>The interrupt concerned; null for a change of the whole thread (start, update, replay, cancel).</summary>
    public string? InterruptId { get; init; }

    /// <summary>The answer an interrupt resolved with (JSON), if any.</summary>
    public JsonElement? Answer { get; init; }

    /// <summary>
    /// How it ended: for an interrupt, its resolution (<c>answered</c>, <c>timed-out</c>, <c>cancelled</c>,
    /// <c>updated</c>, <c>withdrawn</c>); else <c>accepted</c> (a command) or <c>sent</c> (a reminder).
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>What else the change carried (JSON): an update's values, a replay's checkpoint, a new deadline, a cancel reason.</summary>
    public JsonElement? Detail { get; init; }
}
