using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>Asks for a thread's snapshot: answered by <see cref="ThreadStateSnapshot"/> or <see cref="ThreadNotFound"/>.</summary>
public sealed record GetThreadState
{
    /// <summary>The thread to read.</summary>
    public required string ThreadId { get; init; }
}

/// <summary>The thread does not exist.</summary>
public sealed record ThreadNotFound
{
    /// <summary>The id that names no thread.</summary>
    public required string ThreadId { get; init; }
}

/// <summary>Lists interrupts (the approval inbox), oldest first: answered by <see cref="InterruptList"/>.</summary>
public sealed record ListInterrupts
{
    /// <summary><c>pending</c> (default): open interrupts.</summary>
    public string? Status { get; init; }

    /// <summary>Only this graph's interrupts; null for every graph.</summary>
    public string? Graph { get; init; }

    /// <summary>Only the interrupts of threads on this graph version (1 or more); null for every version.</summary>
    public int? GraphVersion { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to 1000 (clamped); default 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Who asks: <see cref="PendingInterrupt.MayAnswer"/> is worked out for them.</summary>
    public string? By { get; init; }

    /// <summary>The asker's roles.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Only the interrupts the asker may answer.</summary>
    public bool Mine { get; init; }

    /// <summary>The highest page: with at most 1000 rows a page, the rows skipped still fit an <see cref="int"/>.</summary>
    public const int MaxPage = int.MaxValue / 1000;
}

/// <summary>The answer to <see cref="ListInterrupts"/>: one page of the inbox.</summary>
public sealed record InterruptList
{
    /// <summary>The page's interrupts, oldest first; empty past the last page.</summary>
    public required IReadOnlyList<PendingInterrupt> Items { get; init; }
}

/// <summary>An open interrupt in the inbox.</summary>
public sealed record PendingInterrupt
{
    /// <summary>The thread paused on it.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The name of the thread's graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The version of <see cref="Graph"/> the thread runs on.</summary>
    public int GraphVersion { get; init; } = 1;

    /// <summary>The interrupt id (32 lower-case hex characters): the key to answer it with in <see cref="ResumeRequested.ResumeMap"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The payload shown to the person answering (JSON); null for a breakpoint.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The node that asked (the innermost one, inside a subgraph), or the node a breakpoint holds.</summary>
    public required string Node { get; init; }

    /// <summary>Where inside subgraphs it was raised: <c>node:taskId</c> segments, outermost first (a JSON array); empty at the top level.</summary>
    public IReadOnlyList<string> Ns { get; init; } = [];

    /// <summary><c>before</c> or <c>after</c> a node (a breakpoint), or <c>during</c> it (the node asked).</summary>
    public required string When { get; init; }

    /// <summary>When the interrupt was raised.</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Its deadline; null when it has none.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Roles any one of which an answer must carry; empty: anyone allowed to answer may.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>Four-eyes: whoever started the thread may not answer it.</summary>
    public bool FourEyes { get; init; }

    /// <summary>Who started the thread; null when the start named nobody.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Whether the asker (<see cref="ListInterrupts.By"/>, <see cref="ListInterrupts.Roles"/>) may answer it.</summary>
    public bool MayAnswer { get; init; }

    /// <summary>How a person answers it (a breakpoint: Continue); null: the interrupt declares no form.</summary>
    public AnswerFormInfo? Answer { get; init; }
}

/// <summary>Asks for a thread's checkpoints, newest first: answered by <see cref="ThreadHistory"/> or <see cref="ThreadNotFound"/>.</summary>
public sealed record GetThreadHistory
{
    /// <summary>The thread to read.</summary>
    public required string ThreadId { get; init; }
}

/// <summary>The answer to <see cref="GetThreadHistory"/>: the thread's checkpoints.</summary>
public sealed record ThreadHistory
{
    /// <summary>The thread the history is of.</summary>
    public required string ThreadId { get; init; }

    /// <summary>One snapshot per checkpoint, newest first.</summary>
    public required IReadOnlyList<ThreadStateSnapshot> Items { get; init; }
}

/// <summary>Asks how many interrupts are open, by graph and version (what the <c>interlude.interrupts.open</c> gauge reports): answered by <see cref="OpenInterruptCounts"/>.</summary>
public sealed record CountOpenInterrupts;

/// <summary>The answer to <see cref="CountOpenInterrupts"/>, read from the inbox table.</summary>
public sealed record OpenInterruptCounts
{
    /// <summary>One count per graph version that has open interrupts; a graph with none is absent.</summary>
    public required IReadOnlyList<OpenInterruptCount> Items { get; init; }
}

/// <summary>How many interrupts of one graph version are open.</summary>
public sealed record OpenInterruptCount
{
    /// <summary>The name of the threads' graph.</summary>
    public required string Graph { get; init; }

    /// <summary>The version of <see cref="Graph"/> the threads run on.</summary>
    public int GraphVersion { get; init; } = 1;

    /// <summary>How many of their interrupts are open.</summary>
    public int Count { get; init; }
}
