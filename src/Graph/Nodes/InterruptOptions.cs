namespace Interlude.Graph.Nodes;

/// <summary>Options of one interrupt: a deadline with its auto-answer, an answer validator, a reminder.</summary>
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
}
