using Interlude.Graph.Runtime;

namespace Interlude.AspNetCore;

/// <summary>Errors as <c>application/problem+json</c> with a machine-readable <c>reason</c>.</summary>
internal static class Problems
{
    public static IResult For(string reason, string detail) => Status(StatusFor(reason), reason, detail);

    public static IResult Status(int status, string reason, string detail) =>
        Results.Problem(
            detail: detail,
            statusCode: status,
            title: reason,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>No valid credential: 401.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>A known caller without the right: 403 (also an interrupt's approvers or four-eyes, from the thread).</summary>
    public const string Forbidden = RejectionReasons.Forbidden;

    public static IResult Malformed(string detail) => For(RejectionReasons.Malformed, detail);

    /// <summary>413, 414 or 431: the request is larger than the API accepts.</summary>
    public static IResult TooLarge(int status, string detail) => Status(status, "too-large", detail);

    /// <summary>
    /// 503 with <c>Retry-After</c>: the thread did not answer in time (its database or broker stalls). A command
    /// may still apply; a retry with the same <c>Idempotency-Key</c> applies it at most once.
    /// </summary>
    public static IResult Unavailable(HttpResponse response)
    {
        response.Headers.RetryAfter = "5";
        return Status(
            StatusCodes.Status503ServiceUnavailable,
            "unavailable",
            "The thread did not answer in time. A command may still apply; retrying it with the same Idempotency-Key is safe.");
    }

    public static IResult ThreadNotFound(string threadId) => For(RejectionReasons.ThreadNotFound, $"Thread '{threadId}' does not exist.");

    public static int StatusFor(string reason) => reason switch
    {
        RejectionReasons.Malformed or RejectionReasons.InvalidAnswer or RejectionReasons.InvalidValues or RejectionReasons.UnknownNode => StatusCodes.Status400BadRequest,
        RejectionReasons.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionReasons.ThreadNotFound or RejectionReasons.GraphNotFound or RejectionReasons.CheckpointNotFound => StatusCodes.Status404NotFound,
        RejectionReasons.Forbidden => StatusCodes.Status403Forbidden,
        RejectionReasons.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };
}
