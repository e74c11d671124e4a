namespace Interlude.AspNetCore;

/// <summary>
/// Endpoint metadata: the endpoint reads a JSON object body with these <see cref="Fields"/> and no others.
/// An <see cref="Optional"/> body may also be left out altogether (no content, no content type).
/// </summary>
internal sealed class JsonBody(bool optional, params string[] fields)
{
    public bool Optional { get; } = optional;

    public IReadOnlySet<string> Fields { get; } = new HashSet<string>(fields, StringComparer.Ordinal);

    public static JsonBody Of(params string[] fields) => new(optional: false, fields);

    public static JsonBody OptionalOf(params string[] fields) => new(optional: true, fields);
}
