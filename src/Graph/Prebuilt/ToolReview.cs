using System.Text.Json.Nodes;

namespace Interlude.Graph.Prebuilt;

/// <summary>What a person may decide about a tool call (LangChain's <c>allowed_decisions</c>, with Agent Inbox's respond).</summary>
public enum ToolDecisionType
{
    /// <summary>Run the call as proposed.</summary>
    Approve,

    /// <summary>Run it with arguments the person edited (checked against the tool's schema).</summary>
    Edit,

    /// <summary>Do not run it; the person's feedback goes back to the model as the tool's error.</summary>
    Reject,

    /// <summary>Do not run it; the person's message goes back to the model as the tool's result.</summary>
    Respond,
}

/// <summary>How one tool's calls are reviewed (an entry of LangChain's <c>interrupt_on</c>).</summary>
public sealed record ToolReview
{
    /// <summary>What the reviewer may decide; default all four.</summary>
    public IReadOnlyList<ToolDecisionType> AllowedDecisions { get; init; } =
        [ToolDecisionType.Approve, ToolDecisionType.Edit, ToolDecisionType.Reject, ToolDecisionType.Respond];

    /// <summary>What the reviewer is told; null: "Tool execution requires approval" with the tool's name and arguments.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema of the tool's arguments: edited arguments must satisfy it, and the page builds the edit form from it. Null: any object.</summary>
    public JsonNode? ArgsSchema { get; init; }
}

/// <summary>What was decided about one proposed call.</summary>
/// <param name="Call">The call as it is to run: the edited arguments after an edit.</param>
/// <param name="Type">The decision; a call of a tool that needs no review is approved without asking.</param>
/// <param name="Message">The reviewer's feedback (reject) or message (respond); null otherwise.</param>
public sealed record ToolDecision(ToolCall Call, ToolDecisionType Type, string? Message)
{
    /// <summary>Whether the tool is to run (approved or edited).</summary>
    public bool Runs => Type is ToolDecisionType.Approve or ToolDecisionType.Edit;
}
