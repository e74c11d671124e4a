using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>An open interrupt: a question raised by a node (during) or a breakpoint (before / after).</summary>
public sealed class InterruptRecord
{
    /// <summary>32 lower-case hex characters, deterministic per thread, task path and call index.</summary>
    public required string Id { get; set; }

    /// <summary>The payload shown to the person answering; null for breakpoints.</summary>
    public JsonNode? Value { get; set; }

    /// <summary>The node that asked (the innermost node for a subgraph), or the node a breakpoint holds.</summary>
    public required string Node { get; set; }

    /// <summary>Namespace: <c>node:taskId</c> segments, outermost first, for an interrupt inside a subgraph; empty at the top level.</summary>
    public List<string> Ns { get; set; } = [];

    /// <summary>Whether a node asked (<see cref="InterruptWhen.During"/>) or a breakpoint holds the thread.</summary>
    public InterruptWhen When { get; set; }

    /// <summary>The top-level task that owns the interrupt (null for breakpoints).</summary>
    public string? TaskId { get; set; }

    /// <summary>Which call of <c>Interrupt</c> within its task (0-based).</summary>
    public int Index { get; set; }

    /// <summary>When the interrupt opened; it stays the same when a re-run of the node raises it again.</summary>
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The deadline, after which the interrupt is answered with <see cref="TimeoutValue"/> (a breakpoint cancels the thread); null: none.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When to publish a reminder (the deadline minus the interrupt's reminder lead), if any.</summary>
    public DateTimeOffset? RemindAt { get; set; }

    /// <summary>Whether the reminder for the current deadline went out (an extension arms it again).</summary>
    public bool Reminded { get; set; }

    /// <summary>The answer used when the deadline passes.</summary>
    public JsonNode? TimeoutValue { get; set; }

    /// <summary>Name of the graph validator that checks answers, if any.</summary>
    public string? Validator { get; set; }

    /// <summary>Roles any one of which an answer must carry; empty: no narrowing.</summary>
    public List<string> Approvers { get; set; } = [];

    /// <summary>Whether the thread's starter is barred from answering.</summary>
    public bool FourEyes { get; set; }

    /// <summary>The answer form: what the inbox page renders and, when enforced, what answers must satisfy; null: none declared.</summary>
    public Forms.AnswerForm? Answer { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that raised it, so that the span resolving it (perhaps weeks
    /// later, in another process) links to it; null when no span was recorded (no listener, or a checkpoint
    /// written before telemetry).
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>Whether <c>InterruptRaised</c> went out: interrupts are announced when the thread pauses, not when their task reports.</summary>
    public bool Announced { get; set; }
}

/// <summary>What raised an interrupt, relative to its node's run.</summary>
public enum InterruptWhen
{
    /// <summary>A breakpoint before the node runs (<c>interruptBefore</c>, or an update with <c>asNode</c>).</summary>
    Before,

    /// <summary>The node called <c>Interrupt</c>.</summary>
    During,

    /// <summary>A breakpoint after the node ran (<c>interruptAfter</c>).</summary>
    After,
}
