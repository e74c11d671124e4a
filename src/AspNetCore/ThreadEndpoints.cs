using System.Globalization;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph.Runtime;
using Interlude.Client;
using Interlude.AspNetCore.Security;

namespace Interlude.AspNetCore;

/// <summary>The thread endpoints of the HTTP API (DESIGN.md, "Interfaces").</summary>
internal static class ThreadEndpoints
{
    public static IEndpointRouteBuilder MapThreadEndpoints(this IEndpointRouteBuilder app)
    {
        var threads = app.MapGroup("/threads");
        threads.MapPost("", Start).WithMetadata(JsonBody.Of("graph", "input", "threadId")).RequireAuthorization(InterludePermissions.Start);
        threads.MapPost("/{threadId}/resume", Resume).WithMetadata(JsonBody.Of("resume", "resumeMap", "by")).RequireAuthorization(InterludePermissions.Answer);
        threads.MapGet("/{threadId}/state", GetState).RequireAuthorization(InterludePermissions.Read);
        threads.MapPost("/{threadId}/state", UpdateState).WithMetadata(JsonBody.Of("values", "asNode")).RequireAuthorization(InterludePermissions.Operate);
        threads.MapPost("/{threadId}/cancel", Cancel).WithMetadata(JsonBody.OptionalOf("reason", "by")).RequireAuthorization(InterludePermissions.Operate);
        threads.MapGet("/{threadId}/history", GetHistory).RequireAuthorization(InterludePermissions.Read);
        threads.MapPost("/{threadId}/replay", Replay).WithMetadata(JsonBody.Of("checkpointId", "rerunSteps")).RequireAuthorization(InterludePermissions.Operate);
        threads.MapPost("/{threadId}/interrupts/{interruptId}/extend", ExtendDeadline).WithMetadata(JsonBody.Of("expiresAt", "extendBySeconds", "by")).RequireAuthorization(InterludePermissions.Operate);
        return app;
    }

    private static async Task<IResult> Start(HttpRequest request, IGraphClient client)
    {
        var (body, error) = await RequestBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        if (!body.TryString("graph", out var graph) || graph is null)
        {
            return Problems.Malformed("'graph' is required: the name of a graph.");
        }

        if (!body.TryString("threadId", out var threadId) || (threadId is not null && !ThreadIdentity.IsValidNew(threadId)))
        {
            return Problems.Malformed("'threadId' must be 1 to 64 characters of [A-Za-z0-9._:-], starting with a letter or digit.");
        }

        if (body["input"] is not (null or JsonObject))
        {
            return Problems.Malformed("'input' must be a JSON object.");
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        if (badKey is not null)
        {
            return badKey;
        }

        // An unknown graph is the saga's refusal (graph-not-found): an API process need not run the graphs itself.
        client = client.ForCaller(request.HttpContext);
        return await Settle(
            () => client.InvokeAsync(graph, body["input"]?.DeepClone() as JsonObject, threadId, key, request.HttpContext.RequestAborted),
            snapshot => Results.Created($"/threads/{snapshot.ThreadId}/state", snapshot));
    }

    private static async Task<IResult> Resume(string threadId, HttpRequest request, IGraphClient client)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        var (body, error) = await RequestBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        if (body.Has("resume") == body.Has("resumeMap"))
        {
            return Problems.Malformed("Give exactly one of 'resume' (any JSON value, null too) or 'resumeMap' (interrupt id -> value).");
        }

        if (body.Has("resumeMap") && body["resumeMap"] is not JsonObject)
        {
            return Problems.Malformed("'resumeMap' must be a JSON object of interrupt id -> value.");
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        if (badKey is not null)
        {
            return badKey;
        }

        // Who answered is the authenticated caller; a 'by' in the body is ignored.
        var cancel = request.HttpContext.RequestAborted;
        client = client.ForCaller(request.HttpContext);
        return await Settle(
            () => body["resumeMap"] is JsonObject map
                ? client.ResumeAsync(threadId, map.ToDictionary(a => a.Key, a => a.Value?.DeepClone()), null, key, cancel)
                : client.ResumeAsync(threadId, body["resume"]?.DeepClone(), null, key, cancel),
            Results.Ok);
    }

    private static async Task<IResult> GetState(string threadId, IGraphClient client, CancellationToken cancellationToken)
    {
        var snapshot = ThreadIdentity.IsValid(threadId) ? await client.GetStateAsync(threadId, cancellationToken) : null;
        return snapshot is null ? Problems.ThreadNotFound(threadId) : Results.Ok(snapshot);
    }

    private static async Task<IResult> GetHistory(string threadId, IGraphClient client, CancellationToken cancellationToken)
    {
        var history = ThreadIdentity.IsValid(threadId) ? await client.GetHistoryAsync(threadId, cancellationToken) : null;
        return history is null ? Problems.ThreadNotFound(threadId) : Results.Ok(history);
    }

    private static async Task<IResult> Replay(string threadId, HttpRequest request, IGraphClient client)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        var (body, error) = await RequestBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        if (!body.TryString("checkpointId", out var checkpointId) || checkpointId is null)
        {
            return Problems.Malformed("'checkpointId' is required: the id of a checkpoint in the thread's history.");
        }

        // Running the fork's ctx.Step work again (a second charge) is asked for by name only.
        bool? rerunSteps = body["rerunSteps"] is JsonValue flag && flag.TryGetValue(out bool given) ? given : null;
        if (rerunSteps is null && body["rerunSteps"] is not null)
        {
            return Problems.Malformed("'rerunSteps' must be true or false.");
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        return badKey ?? await Settle(() => client.ForCaller(request.HttpContext).ReplayAsync(threadId, checkpointId, rerunSteps ?? false, key, request.HttpContext.RequestAborted), Results.Ok);
    }

    private static async Task<IResult> UpdateState(string threadId, HttpRequest request, IGraphClient client)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        var (body, error) = await RequestBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        if (body["values"] is not JsonObject values)
        {
            return Problems.Malformed("'values' is required: a JSON object of channel -> value.");
        }

        if (!body.TryString("asNode", out var asNode))
        {
            return Problems.Malformed("'asNode' must be a node name.");
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        return badKey ?? await Settle(
            () => client.ForCaller(request.HttpContext).UpdateStateAsync(threadId, (JsonObject)values.DeepClone(), asNode, key, request.HttpContext.RequestAborted),
            Results.Ok);
    }

    private static async Task<IResult> ExtendDeadline(string threadId, string interruptId, HttpRequest request, IGraphClient client)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        var (body, error) = await RequestBody.ReadAsync(request);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        var (expiresAt, extendBy, problem) = ReadExtension(body);
        if (problem is not null)
        {
            return Problems.Malformed(problem);
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        return badKey ?? await Settle(() => client.ForCaller(request.HttpContext).ExtendDeadlineAsync(threadId, interruptId, expiresAt, extendBy, null, key, request.HttpContext.RequestAborted), Results.Ok);
    }

    /// <summary>Exactly one of <c>expiresAt</c> (an ISO 8601 time with an offset) or <c>extendBySeconds</c> (a positive number).</summary>
    private static (DateTimeOffset? ExpiresAt, TimeSpan? ExtendBy, string? Problem) ReadExtension(RequestBody body)
    {
        if (body.Has("expiresAt") == body.Has("extendBySeconds"))
        {
            return (null, null, "Give exactly one of 'expiresAt' (an ISO 8601 time) or 'extendBySeconds' (a positive number).");
        }

        if (body.Has("expiresAt"))
        {
            return body.TryString("expiresAt", out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? (at.ToUniversalTime(), null, null)
                : (null, null, "'expiresAt' must be an ISO 8601 time, such as 2030-01-01T12:00:00Z.");
        }

        return body["extendBySeconds"] is JsonValue value && value.TryGetValue(out double seconds) && seconds > 0 && seconds <= Deadlines.MaxAhead.TotalSeconds
            ? (null, TimeSpan.FromSeconds(seconds), null)
            : (null, null, $"'extendBySeconds' must be a positive number of at most {Deadlines.MaxAhead.TotalSeconds} (366 days).");
    }

    private static async Task<IResult> Cancel(string threadId, HttpRequest request, IGraphClient client)
    {
        if (!ThreadIdentity.IsValid(threadId))
        {
            return Problems.ThreadNotFound(threadId);
        }

        var (body, error) = await RequestBody.ReadAsync(request, optional: true);
        if (body is null)
        {
            return Problems.Malformed(error!);
        }

        if (!body.TryString("reason", out var reason))
        {
            return Problems.Malformed("'reason' must be a string.");
        }

        var (key, badKey) = IdempotencyKeyHeader.Read(request);
        return badKey ?? await Settle(() => client.ForCaller(request.HttpContext).CancelAsync(threadId, reason, null, key, request.HttpContext.RequestAborted), Results.Ok);
    }

    /// <summary>Runs a command: its refusal as a problem, a wait that ran out as 202 with the current snapshot, else <paramref name="settled"/>.</summary>
    private static async Task<IResult> Settle(Func<Task<ThreadStateSnapshot>> command, Func<ThreadStateSnapshot, IResult> settled)
    {
        try
        {
            return settled(await command());
        }
        catch (ThreadCommandException e)
        {
            return Problems.For(e.Reason, e.Message);
        }
        catch (ThreadWaitTimeoutException e)
        {
            return Results.Accepted($"/threads/{e.ThreadId}/state", e.Snapshot);
        }
    }
}
