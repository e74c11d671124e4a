using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli;

/// <summary>
/// The client verbs of the executable, talking to a running host over HTTP. Prints the answer as
/// indented JSON. Exit codes: 0 done, 1 refused by the host (its reason and detail on stderr),
/// 2 usage error (nothing sent), 3 host unreachable.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int UsageError = 2;
    public const int Unreachable = 3;

    public const string DefaultUrl = "http://127.0.0.1:5080";

    internal const string UrlHelp = """
        --url URL  the host to talk to (default: $INTERLUDE_URL, else http://127.0.0.1:5080)
        Exit codes: 0 done, 1 refused by the host, 2 usage error, 3 host unreachable.
        """;

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool IsVerb(string verb) => CliVerbs.All.Any(v => v.Name == verb);

    /// <summary>Runs <paramref name="verb"/>; <paramref name="environment"/> reads variables (the process's own by default).</summary>
    public static async Task<int> RunAsync(
        string verb, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var command = CliVerbs.All.Single(v => v.Name == verb);
        HttpRequestMessage request;
        Uri host;
        try
        {
            var parsed = CliArguments.Parse(args, [.. command.Options, "url"]);
            if (parsed.Help)
            {
                await stdout.WriteLineAsync(command.Help);
                return Ok;
            }

            if (parsed.Positionals.Count != command.Positionals.Count)
            {
                throw new CliUsageException(command.Positionals.Count == 0
                    ? $"'{verb}' takes no argument but options."
                    : $"'{verb}' needs {string.Join(" ", command.Positionals.Select(p => $"<{p}>"))}.");
            }

            host = HostUrl(parsed["url"] ?? (environment ?? Environment.GetEnvironmentVariable)("INTERLUDE_URL") ?? DefaultUrl);
            request = command.Request(parsed);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}\n\n{command.Help}");
            return UsageError;
        }

        using (request)
        {
            return await SendAsync(host, request, stdout, stderr, cancellationToken);
        }
    }

    private static async Task<int> SendAsync(Uri host, HttpRequestMessage request, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Start and resume wait on the host for up to Interlude:Api:WaitSeconds; leave them room.
        using var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromMinutes(5) };
        string body;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"error: cannot reach the Interlude host at {host}: {e.Message}");
            return Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"error: the Interlude host at {host} did not answer in time.");
            return Unreachable;
        }

        using (response)
        {
            var json = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var reason = (json as JsonObject)?["reason"]?.GetValue<string>() ?? response.ReasonPhrase ?? "error";
                var detail = (json as JsonObject)?["detail"]?.GetValue<string>() ?? body;
                await stderr.WriteLineAsync($"error: {(int)response.StatusCode} {reason}: {detail}");
                return Refused;
            }

            await stdout.WriteLineAsync(json is null ? body : json.ToJsonString(Pretty));
            if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
            {
                await stderr.WriteLineAsync("note: the thread is still running; read it later with 'state'.");
            }

            return Ok;
        }
    }

    private static Uri HostUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliUsageException($"'{url}' is not an http:// or https:// URL.");

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
