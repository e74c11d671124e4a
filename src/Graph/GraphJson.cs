using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Interlude.Graph;

/// <summary>JSON conventions shared by every graph: snake_case state fields, compact text.</summary>
public static class GraphJson
{
    /// <summary>Options for typed state, answers and journaled step results.</summary>
    public static JsonSerializerOptions StateOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Options for the engine's own records (checkpoints, tasks, interrupts).</summary>
    public static JsonSerializerOptions RecordOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A value as a JSON node (null stays null).</summary>
    public static JsonNode? ToNode(object? value) =>
        value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            JsonElement element => JsonNode.Parse(element.GetRawText()),
            _ => JsonSerializer.SerializeToNode(value, value.GetType(), StateOptions),
        };

    /// <summary>A JSON node as <typeparamref name="T"/>.</summary>
    public static T? FromNode<T>(JsonNode? node) =>
        node is null ? default : node.Deserialize<T>(StateOptions);

    /// <summary>Compact JSON text of a node; <c>null</c> for JSON null.</summary>
    public static string Compact(JsonNode? node) => node?.ToJsonString(StateOptions) ?? "null";

    /// <summary>A deep copy that tolerates null.</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
