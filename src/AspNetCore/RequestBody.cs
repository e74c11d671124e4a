using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.AspNetCore;

/// <summary>Reads a JSON object body, telling a missing field from an explicit null.</summary>
internal sealed class RequestBody(JsonObject body)
{
    public static async Task<(RequestBody? Body, string? Error)> ReadAsync(HttpRequest request, bool optional = false)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node switch
            {
                JsonObject body => (new RequestBody(body), null),
                null when optional => (new RequestBody([]), null),
                _ => (null, "The body must be a JSON object."),
            };
        }
        catch (JsonException e) when (optional && request.ContentLength is null or 0 && e.BytePositionInLine == 0 && e.LineNumber == 0)
        {
            return (new RequestBody([]), null);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON: {e.Message}");
        }
    }

    public bool Has(string field) => body.ContainsKey(field);

    public JsonNode? this[string field] => body[field];

    /// <summary>A string field: absent or null gives null; any other kind is an error.</summary>
    public bool TryString(string field, out string? value)
    {
        value = null;
        if (body[field] is null)
        {
            return true;
        }

        if (body[field] is JsonValue text && text.TryGetValue(out string? s))
        {
            value = s;
            return true;
        }

        return false;
    }
}
