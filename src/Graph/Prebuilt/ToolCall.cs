using System.Text.Json.Nodes;

namespace Interlude.Graph.Prebuilt;

/// <summary>A tool call a model proposed, in LangChain's shape (<c>{id, name, args}</c>).</summary>
/// <param name="Id">The call's id, which the tool's answer (a <c>tool</c> message) names as <c>tool_call_id</c>.</param>
/// <param name="Name">The tool to run.</param>
/// <param name="Args">Its arguments.</param>
public sealed record ToolCall(string Id, string Name, JsonObject Args)
{
    /// <summary>The call as JSON: <c>{id, name, args}</c>.</summary>
    public JsonObject ToJson() => new() { ["id"] = Id, ["name"] = Name, ["args"] = Args.DeepClone() };

    /// <summary>Reads a call written as <c>{id, name, args}</c>.</summary>
    /// <exception cref="InvalidOperationException">The call has no name or id, or its arguments are not an object.</exception>
    public static ToolCall From(JsonNode? call)
    {
        if (call is not JsonObject o || (string?)o["name"] is not { Length: > 0 } name || (string?)o["id"] is not { Length: > 0 } id)
        {
            throw new InvalidOperationException($"A tool call needs a name and an id ({{\"id\", \"name\", \"args\"}}); got {GraphJson.Compact(call)}.");
        }

        return new ToolCall(id, name, o["args"] switch
        {
            null => [],
            JsonObject args => (JsonObject)args.DeepClone(),
            var other => throw new InvalidOperationException($"Tool call '{id}' has arguments that are not an object: {GraphJson.Compact(other)}."),
        });
    }
}
