using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Interlude.AspNetCore.Events;

/// <summary>Writes server-sent events: <c>id</c> (the event's position in this stream), <c>event</c> (its kind), <c>data</c> (its JSON).</summary>
internal sealed class SseWriter(HttpResponse response, JsonSerializerOptions json)
{
    private long sequence;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
    }

    public Task WriteAsync(string kind, object message, CancellationToken cancellationToken)
    {
        // Compact JSON has no line breaks, so one data line carries it.
        var data = JsonSerializer.Serialize(message, message.GetType(), json);
        return SendAsync($"id: {++sequence}\nevent: {kind}\ndata: {data}\n\n", cancellationToken);
    }

    /// <summary>A comment line: keeps idle connections open through proxies, ignored by clients.</summary>
    public Task CommentAsync(string text, CancellationToken cancellationToken) => SendAsync($": {text}\n\n", cancellationToken);

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
