namespace Interlude.Graph.Nodes;

/// <summary>Options of one interrupt: a deadline with its auto-answer, an answer validator, a reminder, an answer form.</summary>
public sealed record InterruptOptions
{
    /// <summary>How long the interrupt may stay open; <c>null</c> uses the graph's default (none unless set).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The answer used when the timeout expires. Default: <c>{"approved": false, "reason": "timeout"}</c>.</summary>
    public object? TimeoutValue { get; init; }

    /// <summary>Publish a reminder this long before the deadline.</summary>
    public TimeSpan? RemindBefore { get; init; }

    /// <summary>A validator registered on the graph with <c>AddValidator</c>; an answer it refuses leaves the interrupt open.</summary>
    public AnswerValidator? Validator { get; init; }

    /// <summary>
    /// Roles any one of which an answer must carry (an approver's role claims over HTTP, <c>Roles</c> on
    /// <c>ResumeRequested</c> over the bus); an answer with none of them is refused with <c>forbidden</c>.
    /// Null or empty: anyone allowed to answer may. A timeout's answer is the thread's own and needs none.
    /// </summary>
    public IReadOnlyList<string>? Approvers { get; init; }

    /// <summary>Four-eyes: whoever started the thread may not answer (nor may an answer that names nobody).</summary>
    public bool FourEyes { get; init; }

    /// <summary>How a person answers: the answer's schema and the decisions offered (see <see cref="Forms.AnswerForm"/>); null: raw JSON.</summary>
    public Forms.AnswerForm? Answer { get; init; }
}
