using System.Text.Json.Nodes;

namespace Interlude.Graph.Forms;

/// <summary>
/// How a person answers an interrupt by clicking rather than writing JSON: the answer's JSON schema
/// and, for a decision, the actions offered (Agent Inbox's <c>allow_accept / allow_edit /
/// allow_respond / allow_ignore</c>). The inbox page renders it; the thread checks answers against it
/// unless <see cref="Enforced"/> is false.
/// </summary>
public sealed record AnswerForm
{
    /// <summary>
    /// The JSON schema an answer must satisfy. Null with <see cref="Actions"/>: an answer must satisfy one
    /// action (its <see cref="AnswerAction.Schema"/>, or equal its <see cref="AnswerAction.Value"/> when it has no schema).
    /// </summary>
    public JsonNode? Schema { get; init; }

    /// <summary>The decisions offered, one button each; empty: one answer, typed into fields generated from <see cref="Schema"/>.</summary>
    public IReadOnlyList<AnswerAction> Actions { get; init; } = [];

    /// <summary>The answer the fields start with when there are no actions (the draft to edit); null: empty fields.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>
    /// Whether the thread refuses an answer the form does not accept (<c>invalid-answer</c>; the interrupt
    /// stays open). False: the form only guides the page, and the node judges the answer itself.
    /// </summary>
    public bool Enforced { get; init; } = true;

    /// <summary>One answer typed into fields generated from <paramref name="schema"/>, starting at <paramref name="value"/>.</summary>
    public static AnswerForm Of(JsonNode schema, JsonNode? value = null) => new() { Schema = schema, Value = value };

    /// <summary>A decision between <paramref name="actions"/>.</summary>
    public static AnswerForm Decision(params AnswerAction[] actions) => new() { Actions = actions };

    /// <summary>A breakpoint's form: one Continue button (a breakpoint's answer is discarded).</summary>
    public static AnswerForm Continue { get; } = Decision(new AnswerAction("continue", "Continue")) with { Enforced = false };
}

/// <summary>One decision a person may take: a button, with fields for the parts of the answer the person fills.</summary>
/// <param name="Name">What the decision is: <c>approve</c>, <c>edit</c>, <c>reject</c>, <c>respond</c>, <c>continue</c>...</param>
/// <param name="Label">The button's text.</param>
public sealed record AnswerAction(string Name, string Label)
{
    /// <summary>The answer the action sends, or starts its fields with (the arguments to edit).</summary>
    public JsonNode? Value { get; init; }

    /// <summary>
    /// The JSON schema of this action's answer: the page asks for each property it does not fix with
    /// <c>const</c>. Null: the action sends <see cref="Value"/> as it is.
    /// </summary>
    public JsonNode? Schema { get; init; }
}
