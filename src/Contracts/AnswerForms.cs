using System.Text.Json;

namespace Interlude.Contracts;

/// <summary>
/// How a person answers an interrupt by clicking: the answer's JSON schema and, for a decision, the
/// actions offered (as Agent Inbox's <c>allow_accept / allow_edit / allow_respond / allow_ignore</c>).
/// </summary>
public sealed record AnswerFormInfo
{
    /// <summary>The JSON schema an answer must satisfy; null with <see cref="Actions"/>: an answer must satisfy one action's.</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>The decisions offered, one button each; empty: one answer, typed into fields generated from <see cref="Schema"/>.</summary>
    public IReadOnlyList<AnswerActionInfo> Actions { get; init; } = [];

    /// <summary>The answer the fields start with when there are no actions (the draft to edit).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Whether the thread refuses an answer the form does not accept (<c>invalid-answer</c>); false: the form only guides.</summary>
    public bool Enforced { get; init; } = true;
}

/// <summary>One decision offered: a button, with fields for what the person fills in.</summary>
public sealed record AnswerActionInfo
{
    /// <summary><c>approve</c>, <c>edit</c>, <c>reject</c>, <c>respond</c>, <c>continue</c>...</summary>
    public required string Name { get; init; }

    /// <summary>The button's text.</summary>
    public required string Label { get; init; }

    /// <summary>The answer the action sends, or starts its fields with.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The JSON schema of this action's answer: the page asks for each property it does not fix with <c>const</c>; null: <see cref="Value"/> is sent as it is.</summary>
    public JsonElement? Schema { get; init; }
}
