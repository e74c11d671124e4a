using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Extensions.Options;

namespace Interlude.AspNetCore;

/// <summary>
/// Reads a JSON object body, telling a missing field from an explicit null. Strict: valid UTF-8, no
/// duplicate keys, no deeper than <see cref="InterludeApiOptions.MaxDepth"/>, and only the fields the
/// endpoint's <see cref="JsonBody"/> names. A body past <see cref="InterludeApiOptions.MaxBodyBytes"/>
/// throws a 413 <see cref="BadHttpRequestException"/>.
/// </summary>
internal sealed class RequestBody(JsonObject body)
{
    public static async Task<(RequestBody? Body, string? Error)> ReadAsync(HttpRequest request, bool optional = false)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<InterludeApiOptions>>().Value;
        var bytes = await ReadBoundedAsync(request, options.MaxBodyBytes);
        if (bytes.Length == 0 && optional)
        {
            return (new RequestBody([]), null);
        }

        if (!Utf8.IsValid(bytes))
        {
            return (null, "The body is not valid UTF-8.");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON (at most {options.MaxDepth} levels deep, each key once): {e.Message}");
        }

        if (node is not JsonObject json)
        {
            return (null, "The body must be a JSON object.");
        }

        var fields = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JsonBody>()?.Fields;
        var unknown = fields is null ? null : json.Select(f => f.Key).FirstOrDefault(f => !fields.Contains(f));
        return unknown is null
            ? (new RequestBody(json), null)
            : (null, $"Unknown field '{unknown}'; this endpoint takes {string.Join(", ", fields!.Select(f => $"'{f}'"))}.");
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

    /// <summary>The whole body, refused as 413 once it passes <paramref name="limit"/> bytes (a body sent without a length too).</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpRequest request, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BadHttpRequestException($"The body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
