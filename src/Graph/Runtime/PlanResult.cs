using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>What the thread must do after the planner changed its checkpoint: the actions, in order.</summary>
public sealed class PlanResult
{
    /// <summary>The command could not apply; the checkpoint is unchanged.</summary>
    public Rejection? Rejected { get; private init; }

    /// <summary>A late or duplicate result; the checkpoint is unchanged.</summary>
    public bool Ignored { get; private init; }

    /// <summary>Tasks to send to the node workers.</summary>
    public List<GraphTask> Dispatch { get; } = [];

    /// <summary>Interrupts opened by this change.</summary>
    public List<InterruptRecord> Raised { get; } = [];

    /// <summary>Interrupts closed by this change, with their resolution.</summary>
    public List<InterruptResolution> Resolved { get; } = [];

    /// <summary>Open interrupts whose reminder fell due (published once per deadline).</summary>
    public List<InterruptRecord> Reminders { get; } = [];

    /// <summary>Open interrupts whose deadline moved.</summary>
    public List<InterruptRecord> Extended { get; } = [];

    /// <summary>Steps whose writes were applied (the stream of updates).</summary>
    public List<StepRecord> Steps { get; } = [];

    /// <summary>Whether this change gave the thread a new checkpoint (values changed or a step ended).</summary>
    public bool CheckpointCreated { get; set; }

    /// <summary>Whether the checkpoint changed: neither rejected nor ignored, so the result's actions must be carried out.</summary>
    public bool Changed => Rejected is null && !Ignored;

    /// <summary>A refusal with a <see cref="RejectionReasons"/> <paramref name="reason"/> and a message for the caller.</summary>
    public static PlanResult Reject(string reason, string message) => new() { Rejected = new Rejection(reason, message) };

    /// <summary>A result that changes nothing and says nothing (a late or duplicate message).</summary>
    public static PlanResult Ignore() => new() { Ignored = true };
}

/// <summary>Why a command was refused: a machine-readable reason (the HTTP API's <c>reason</c>) and a message.</summary>
public sealed record Rejection(string Reason, string Message);

/// <summary>An interrupt that closed: answered, timed-out, cancelled, updated or withdrawn.</summary>
public sealed record InterruptResolution(InterruptRecord Interrupt, string Outcome, JsonNode? Answer, string? By, DateTimeOffset ResolvedAt)
{
    /// <summary>The resolution as the thread's journal keeps it, for later refusals.</summary>
    public ResolvedInterrupt ToResolved() => new(Interrupt.Id, Outcome, ResolvedAt, By);
}

/// <summary>A finished step: its number and each node's writes.</summary>
public sealed record StepRecord(int Step, JsonObject Writes);

/// <summary>The machine-readable reasons a command is refused.</summary>
public static class RejectionReasons
{
    /// <summary>The command is invalid in itself: a bad thread id, input or values, an empty resume map, a deadline not in the future.</summary>
    public const string Malformed = "malformed";

    /// <summary>A start's input or a state update does not fit the graph's state type (a field of the wrong kind).</summary>
    public const string InvalidValues = "invalid-values";

    /// <summary>The command would make the thread's state larger than the host's limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The interrupt's validator refused the answer; the interrupt stays open.</summary>
    public const string InvalidAnswer = "invalid-answer";

    /// <summary>An update's <c>asNode</c>, or where it routes, is not a node of the graph.</summary>
    public const string UnknownNode = "unknown-node";

    /// <summary>The thread is not paused: it has no open interrupt to answer, or it is running and cannot be updated or replayed yet.</summary>
    public const string NotInterrupted = "not-interrupted";

    /// <summary>The thread has no interrupt with that id.</summary>
    public const string UnknownInterrupt = "unknown-interrupt";

    /// <summary>The interrupt was open once but is closed (answered, timed out, cancelled, updated or withdrawn).</summary>
    public const string AlreadyResolved = "already-resolved";

    /// <summary>A single value answers a thread with several open interrupts; answer with a map of interrupt id to value.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>The thread completed, failed or was cancelled.</summary>
    public const string AlreadyFinished = "already-finished";

    /// <summary>A start names a thread id that is already taken.</summary>
    public const string ThreadExists = "thread-exists";

    /// <summary>No thread has that id.</summary>
    public const string ThreadNotFound = "thread-not-found";

    /// <summary>A start names a graph the host does not know.</summary>
    public const string GraphNotFound = "graph-not-found";

    /// <summary>The thread's graph is not registered on the host that took the command; the thread is left as it is.</summary>
    public const string GraphUnavailable = "graph-unavailable";

    /// <summary>An extension names an interrupt that has no deadline to move.</summary>
    public const string NoDeadline = "no-deadline";

    /// <summary>A replay names a checkpoint that is not in the thread's history.</summary>
    public const string CheckpointNotFound = "checkpoint-not-found";

    /// <summary>The command's idempotency key was used before for a different command; nothing changed (HTTP 422).</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>The interrupt narrows who may answer it (approvers, four-eyes), and this answerer is not one of them.</summary>
    public const string Forbidden = "forbidden";
}

/// <summary>The ways an interrupt closes.</summary>
public static class ResolutionOutcomes
{
    /// <summary>A person (or a client) answered it.</summary>
    public const string Answered = "answered";

    /// <summary>Its deadline passed: answered with its timeout value, or, for a breakpoint, the thread was cancelled.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>The thread was cancelled, failed, or forked by a replay while it was open.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>A state update (with <c>asNode</c>) superseded it.</summary>
    public const string Updated = "updated";

    /// <summary>The node ran again and no longer asked this question.</summary>
    public const string Withdrawn = "withdrawn";
}
