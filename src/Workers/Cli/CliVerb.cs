using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli;

/// <summary>
/// A client verb: a command whose action is one call of the host's HTTP API. Its arguments and options are
/// checked while parsing; <see cref="CreateRequest"/> only runs on a command line without errors.
/// </summary>
internal abstract class CliVerb : Command
{
    protected CliVerb(string name, string description, string usage, Option<Uri> url)
        : base(name, description)
    {
        Usage = usage;
        Url = url;
        Options.Add(url);
        SetAction(InvokeAsync);
    }

    /// <summary>The synopsis after the executable's name, such as <c>state &lt;threadId&gt;</c>.</summary>
    public string Usage { get; }

    /// <summary><c>--url</c>, which every verb takes.</summary>
    public Option<Uri> Url { get; }

    /// <summary><c>--api-key</c>, which every verb takes (see <see cref="SendApiKey"/>).</summary>
    public Option<string>? ApiKey { get; private set; }

    /// <summary>Has the verb take <paramref name="apiKey"/> and send its value as <c>X-Api-Key</c>.</summary>
    public void SendApiKey(Option<string> apiKey)
    {
        ApiKey = apiKey;
        Options.Add(apiKey);
    }

    /// <summary>The call that carries out the verb.</summary>
    protected abstract HttpRequestMessage CreateRequest(ParseResult parse);

    protected static HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(path, UriKind.Relative));

    protected static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, new Uri(path, UriKind.Relative))
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>A path segment from the command line (a thread or interrupt id), escaped.</summary>
    protected static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A parsed JSON option as a node for a request body (JSON <c>null</c> is a null node).</summary>
    protected static JsonNode? Node(JsonElement json) => JsonNode.Parse(json.GetRawText());

    /// <summary>Sets <paramref name="field"/> to an option's text when it was given.</summary>
    protected static void SetIfGiven(JsonObject body, string field, string? value)
    {
        if (value is not null)
        {
            body[field] = value;
        }
    }

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(parse);
        if (ApiKey is not null && parse.GetValue(ApiKey) is { Length: > 0 } key)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        var console = parse.InvocationConfiguration;
        return await CliHostCall.SendAsync(parse.GetRequiredValue(Url), request, console.Output, console.Error, cancellationToken);
    }
}
