using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Client;

/// <summary>Converts between the engine's JSON nodes and the messages' JSON elements.</summary>
internal static class JsonBridge
{
    /// <summary>JSON null as an element (where a message needs a value, not an absence).</summary>
    public static JsonElement Null { get; } = JsonDocument.Parse("null").RootElement;

    public static JsonElement? ToElement(JsonNode? node) =>
        node is null ? null : JsonSerializer.SerializeToElement(node);

    public static JsonElement ToObjectElement(JsonObject? node) =>
        JsonSerializer.SerializeToElement(node ?? []);

    public static JsonNode? ToNode(JsonElement? element) =>
        element is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } value ? null : JsonNode.Parse(value.GetRawText());

    public static JsonObject ToObject(JsonElement? element) => ToNode(element) as JsonObject ?? [];
}
