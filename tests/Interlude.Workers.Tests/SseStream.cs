using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>A server-sent event as read off the wire.</summary>
public sealed record SseEvent(long Id, string Kind, JsonElement Data);

/// <summary>Reads a <c>text/event-stream</c> response one event at a time (comments skipped).</summary>
public sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body);
    }

    public static async Task<SseStream> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null once the server closed the stream.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        long id = 0;
        string? kind = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is not null)
                {
                    return new SseEvent(id, kind, JsonDocument.Parse(data ?? "null").RootElement.Clone());
                }

                continue;
            }

            var (field, value) = line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
                ? (line[..colon], line[(colon + 1)..].TrimStart(' '))
                : (line, "");
            switch (field)
            {
                case "id": id = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "event": kind = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }

        return null;
    }

    /// <summary>Reads events until one of <paramref name="kind"/>, returning every event read, that one last.</summary>
    public async Task<List<SseEvent>> ReadUntilAsync(string kind)
    {
        var events = new List<SseEvent>();
        while (await NextAsync() is { } e)
        {
            events.Add(e);
            if (e.Kind == kind)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"The stream closed before '{kind}': {string.Join(", ", events.Select(e => e.Kind))}");
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
