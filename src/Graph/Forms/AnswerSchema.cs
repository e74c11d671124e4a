using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Interlude.Graph.Forms;

/// <summary>Checks answers against JSON schemas (JsonSchema.Net), keeping each schema once it is built.</summary>
internal static class AnswerSchema
{
    // A graph's schemas are few and fixed (the tools', the forms'); the bound only keeps a graph that
    // builds a new schema per question from growing the cache without end.
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Why <paramref name="answer"/> fails <paramref name="schema"/> (one line per error); null when it satisfies it.</summary>
    public static string? Refusal(JsonNode schema, JsonNode? answer)
    {
        var results = Build(schema).Evaluate(ToElement(answer), Options);
        if (results.IsValid)
        {
            return null;
        }

        var errors = (results.Details ?? []).Append(results)
            .Where(r => r.Errors is { Count: > 0 })
            .SelectMany(r => r.Errors!.Values.Select(e => $"{Where(r.InstanceLocation.ToString())}: {e}"))
            .Distinct();
        return string.Join("; ", errors);
    }

    /// <summary>Why <paramref name="answer"/> fails <paramref name="form"/>; null when the form accepts it.</summary>
    public static string? Refusal(AnswerForm form, JsonNode? answer)
    {
        if (form.Schema is not null)
        {
            return Refusal(form.Schema, answer);
        }

        if (form.Actions.Count == 0)
        {
            return null;
        }

        var refusals = new List<string>();
        foreach (var action in form.Actions)
        {
            var refusal = action.Schema is null
                ? (JsonNode.DeepEquals(action.Value, answer) ? null : "not this action's answer")
                : Refusal(action.Schema, answer);
            if (refusal is null)
            {
                return null;
            }

            refusals.Add($"{action.Name}: {refusal}");
        }

        return $"it is none of the answers allowed ({string.Join(", ", form.Actions.Select(a => a.Name))}): {string.Join(" | ", refusals)}";
    }

    private static string Where(string pointer) => pointer.Length == 0 ? "the answer" : pointer;

    private static JsonElement ToElement(JsonNode? node) =>
        node is null ? JsonDocument.Parse("null").RootElement : JsonSerializer.SerializeToElement(node);

    private static JsonSchema Build(JsonNode schema)
    {
        var text = schema.ToJsonString();
        if (Built.TryGetValue(text, out var built))
        {
            return built;
        }

        if (Built.Count >= MaxCached)
        {
            Built.Clear();
        }

        // Draft 2020-12 keeps unknown keywords as annotations (the page's hints, such as x-multiline);
        // a registry of its own: a schema built here is never resolved by another one's $ref.
        built = JsonSchema.FromText(text, new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
        Built[text] = built;
        return built;
    }
}
