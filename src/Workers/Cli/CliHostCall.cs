using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli;

/// <summary>Sends a verb's request to the host and prints the answer: indented JSON on stdout, or the refusal on stderr.</summary>
internal static class CliHostCall
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns <see cref="CliApp.Ok"/>, <see cref="CliApp.Refused"/> (a problem from the host) or <see cref="CliApp.Unreachable"/>.</summary>
    public static async Task<int> SendAsync(Uri host, HttpRequestMessage request, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
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
            return CliApp.Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"error: the Interlude host at {host} did not answer in time.");
            return CliApp.Unreachable;
        }

        using (response)
        {
            var json = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var reason = (json as JsonObject)?["reason"]?.GetValue<string>() ?? response.ReasonPhrase ?? "error";
                var detail = (json as JsonObject)?["detail"]?.GetValue<string>() ?? body;
                await stderr.WriteLineAsync($"error: {(int)response.StatusCode} {reason}: {detail}");
                return CliApp.Refused;
            }

            await stdout.WriteLineAsync(json is null ? body : json.ToJsonString(Pretty));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                await stderr.WriteLineAsync("note: the thread is still running; read it later with 'state'.");
            }

            return CliApp.Ok;
        }
    }

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
