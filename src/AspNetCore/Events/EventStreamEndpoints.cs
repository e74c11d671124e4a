using System.Text.Json;
using Interlude.Contracts;
using Interlude.Client;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Server-sent events (DESIGN.md, "Interfaces"): <c>GET /threads/{id}/events</c> opens with a
/// snapshot and closes after a terminal event; <c>GET /interrupts/events</c> is the inbox's live feed.
/// </summary>
internal static class EventStreamEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventStreamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/threads/{threadId}/events", ThreadEvents).RequireAuthorization(InterludePermissions.Read);
        app.MapGet("/interrupts/events", InboxEvents).RequireAuthorization(InterludePermissions.Read);
        return app;
    }

    private static async Task<IResult> ThreadEvents(string threadId, HttpContext http, IGraphClient client, ThreadEventHub hub, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        // Subscribe first: whatever happens while the snapshot is read is queued, not missed.
        using var subscription = hub.Subscribe(e => e.ThreadId == threadId);
        var snapshot = await client.GetStateAsync(threadId, http.RequestAborted);
        if (snapshot is null)
        {
            return Problems.ThreadNotFound(threadId);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var writer = new SseWriter(http.Response, json.Value.SerializerOptions);
        var filter = new ThreadStreamFilter(snapshot);
        await Stream(writer, subscription, async cancel =>
        {
            await writer.WriteAsync(ThreadEvent.Snapshot, snapshot, cancel);
            return !ThreadEvent.IsTerminalStatus(snapshot.Status);
        }, async (e, cancel) =>
        {
            if (filter.Accept(e))
            {
                await writer.WriteAsync(e.Kind, e.Message, cancel);
            }

            return !e.IsTerminal;
        }, stop.Token);
        return Results.Empty;
    }

    private static async Task<IResult> InboxEvents(HttpContext http, ThreadEventHub hub, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        using var subscription = hub.Subscribe(e => e.Kind is ThreadEvent.InterruptRaised or ThreadEvent.InterruptResolved or ThreadEvent.Reminder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var writer = new SseWriter(http.Response, json.Value.SerializerOptions);
        await Stream(writer, subscription, async cancel =>
        {
            await writer.CommentAsync("subscribed", cancel);
            return true;
        }, async (e, cancel) =>
        {
            await writer.WriteAsync(e.Kind, e.Message, cancel);
            return true;
        }, stop.Token);
        return Results.Empty;
    }

    /// <summary>Starts the response, writes the opening, then each event until one says stop, the client leaves or the host stops.</summary>
    private static async Task Stream(
        SseWriter writer,
        ThreadEventSubscription subscription,
        Func<CancellationToken, Task<bool>> opening,
        Func<ThreadEvent, CancellationToken, Task<bool>> write,
        CancellationToken cancellationToken)
    {
        try
        {
            await writer.StartAsync(cancellationToken);
            if (!await opening(cancellationToken))
            {
                return;
            }

            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                beat.CancelAfter(KeepAlive);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(beat.Token))
                    {
                        return; // overflowed: the client reconnects and starts from a fresh snapshot
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await writer.CommentAsync("keep-alive", cancellationToken);
                    continue;
                }

                while (subscription.Reader.TryRead(out var e))
                {
                    if (!await write(e, cancellationToken))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the host is stopping.
        }
    }
}
