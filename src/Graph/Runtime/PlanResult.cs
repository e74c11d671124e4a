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

    public bool Changed => Rejected is null && !Ignored;

    public static PlanResult Reject(string reason, string message) => new() { Rejected = new Rejection(reason, message) };

    public static PlanResult Ignore() => new() { Ignored = true };
}

/// <summary>Why a command was refused: a machine-readable reason (the HTTP API's <c>reason</c>) and a message.</summary>
public sealed record Rejection(string Reason, string Message);

/// <summary>An interrupt that closed: answered, timed-out, cancelled, updated or withdrawn.</summary>
public sealed record InterruptResolution(InterruptRecord Interrupt, string Outcome, JsonNode? Answer, string? By);

/// <summary>A finished step: its number and each node's writes.</summary>
public sealed record StepRecord(int Step, JsonObject Writes);

/// <summary>The machine-readable reasons a command is refused.</summary>
public static class RejectionReasons
{
    public const string Malformed = "malformed";
    public const string InvalidAnswer = "invalid-answer";
    public const string UnknownNode = "unknown-node";
    public const string NotInterrupted = "not-interrupted";
    public const string UnknownInterrupt = "unknown-interrupt";
    public const string AlreadyResolved = "already-resolved";
    public const string Ambiguous = "ambiguous";
    public const string AlreadyFinished = "already-finished";
    public const string ThreadExists = "thread-exists";
    public const string ThreadNotFound = "thread-not-found";
    public const string GraphNotFound = "graph-not-found";

    /// <summary>The thread's graph is not registered on the host that took the command; the thread is left as it is.</summary>
    public const string GraphUnavailable = "graph-unavailable";
    public const string CheckpointNotFound = "checkpoint-not-found";
}

/// <summary>The ways an interrupt closes.</summary>
public static class ResolutionOutcomes
{
    public const string Answered = "answered";
    public const string TimedOut = "timed-out";
    public const string Cancelled = "cancelled";
    public const string Updated = "updated";

    /// <summary>The node ran again and no longer asked this question.</summary>
    public const string Withdrawn = "withdrawn";
}
