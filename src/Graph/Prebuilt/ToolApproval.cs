using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;

namespace Interlude.Graph.Prebuilt;

/// <summary>
/// Tool-call approval as a policy (LangGraph's human-in-the-loop middleware, <c>interrupt_on</c>): of
/// the tool calls a model proposed, the calls of the tools configured here are put to a person, all at
/// once (one interrupt each, answered with a resume map or one at a time); calls of other tools run
/// without asking. Each question declares its answer form (the allowed decisions, the tool's
/// description and argument schema), which the thread enforces: a decision the tool does not allow, or
/// edited arguments that fail the schema, are refused with <c>invalid-answer</c> and the question stays
/// open. The tools themselves contain no interrupt.
/// </summary>
public sealed class ToolApproval
{
    private const string DefaultDescription = "Tool execution requires approval";
    private readonly Dictionary<string, ToolReview> interruptOn;

    /// <summary>A policy: tool name -> how its calls are reviewed; tools not named run without review.</summary>
    public ToolApproval(IReadOnlyDictionary<string, ToolReview> interruptOn)
    {
        ArgumentNullException.ThrowIfNull(interruptOn);
        this.interruptOn = interruptOn.ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// Reviews <paramref name="calls"/>, for a node that selects the calls itself: suspends the node until
    /// every call that needs review is answered, then returns one decision per call, in order.
    /// </summary>
    public IReadOnlyList<ToolDecision> Review(NodeContext ctx, IReadOnlyList<ToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(calls);
        var asked = calls.Where(c => interruptOn.ContainsKey(c.Name)).ToList();
        var answers = ctx.InterruptAll([.. asked.Select(c => Question(c, interruptOn[c.Name]))]);
        return [.. calls.Select(c => asked.IndexOf(c) is var i and >= 0 ? Decide(c, answers[i]) : new ToolDecision(c, ToolDecisionType.Approve, null))];
    }

    /// <summary>
    /// A node for LangChain's message shape: reviews the <c>tool_calls</c> of the last assistant message
    /// in <paramref name="messages"/>, then writes that message again (same <c>id</c>, edited arguments
    /// in place; give the channel <see cref="Channels.Reducers.Messages"/>) followed by a <c>tool</c>
    /// message for each call rejected (<c>status: error</c>, the feedback) or answered (the message), and
    /// goes to <paramref name="tools"/> if any call is to run, else back to <paramref name="agent"/>.
    /// Run the calls with <see cref="CallsToRun"/>. No tool calls: nothing is written and the edges decide.
    /// </summary>
    public Func<TState, NodeContext<TState>, NodeResult> Node<TState>(Expression<Func<TState, List<JsonObject>>> messages, string tools, string agent)
    {
        var channel = ChannelName.Of(messages);
        var read = messages.Compile();
        return (state, ctx) =>
        {
            var proposal = LastAssistant(read(state) ?? []);
            if (proposal?["tool_calls"] is not JsonArray { Count: > 0 } proposed)
            {
                return NodeResult.Empty;
            }

            if (proposal["id"] is null)
            {
                throw new InvalidOperationException("ToolApproval needs the assistant message that proposes tool calls to have an 'id', so the reviewed calls can replace it.");
            }

            var decisions = Review(ctx, [.. proposed.Select(ToolCall.From)]);
            var revised = (JsonObject)proposal.DeepClone();
            revised["tool_calls"] = new JsonArray([.. decisions.Select(d => (JsonNode)d.Call.ToJson())]);
            var written = new JsonArray(revised);
            foreach (var decision in decisions.Where(d => !d.Runs))
            {
                written.Add(ToolMessage(decision));
            }

            return new NodeResult().Write(channel, written).Goto(decisions.Any(d => d.Runs) ? tools : agent);
        };
    }

    /// <summary>The calls of the last assistant message that no <c>tool</c> message answers yet: what a tools node runs.</summary>
    public static IReadOnlyList<ToolCall> CallsToRun(IReadOnlyList<JsonObject> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var proposal = LastAssistant(messages);
        if (proposal?["tool_calls"] is not JsonArray proposed)
        {
            return [];
        }

        var answered = messages.Where(m => (string?)m["role"] == "tool").Select(m => (string?)m["tool_call_id"]).ToHashSet(StringComparer.Ordinal);
        return [.. proposed.Select(ToolCall.From).Where(c => !answered.Contains(c.Id))];
    }

    private static JsonObject? LastAssistant(IReadOnlyList<JsonObject> messages) =>
        messages.LastOrDefault(m => (string?)m["role"] == "assistant" || (string?)m["type"] == "ai");

    private static (object? Payload, InterruptOptions? Options) Question(ToolCall call, ToolReview review)
    {
        var payload = new JsonObject
        {
            ["question"] = "Review this tool call",
            ["tool_call"] = call.ToJson(),
            ["description"] = review.Description ?? $"{DefaultDescription}\n\nTool: {call.Name}\nArgs: {GraphJson.Compact(call.Args)}",
            ["allowed_decisions"] = new JsonArray([.. review.AllowedDecisions.Select(d => (JsonNode)ToolReviewForm.Name(d))]),
        };
        return (payload, new InterruptOptions { Answer = ToolReviewForm.For(call, review) });
    }

    /// <summary>Reads an answer the form accepted (the thread refused any other).</summary>
    private static ToolDecision Decide(ToolCall call, JsonNode? answer) => (string?)answer?["action"] switch
    {
        "approve" => new ToolDecision(call, ToolDecisionType.Approve, null),
        "edit" => new ToolDecision(call with { Args = (JsonObject)answer!["args"]!.DeepClone() }, ToolDecisionType.Edit, null),
        "reject" => new ToolDecision(call, ToolDecisionType.Reject, (string?)answer!["feedback"] is { Length: > 0 } feedback ? feedback : null),
        "respond" => new ToolDecision(call, ToolDecisionType.Respond, (string?)answer!["message"]),
        var other => throw new InvalidOperationException($"Tool call '{call.Id}' got the answer '{other}', which its review does not allow."),
    };

    private static JsonObject ToolMessage(ToolDecision decision) => new()
    {
        ["role"] = "tool",
        ["tool_call_id"] = decision.Call.Id,
        ["name"] = decision.Call.Name,
        ["content"] = decision.Message ?? $"The call to {decision.Call.Name} was rejected.",
        ["status"] = decision.Type == ToolDecisionType.Reject ? "error" : "success",
    };
}
