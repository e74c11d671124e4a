using Interlude.AspNetCore;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Problem+json with a <c>reason</c> for the answers no endpoint writes: routing's 404 and 405, the rate
/// limiter's 429, and request targets and headers over <see cref="InterludeApiOptions"/>'s limits (414, 431).
/// </summary>
public static class StatusCodeProblems
{
    /// <summary>
    /// Answers a request line over <see cref="InterludeApiOptions.MaxRequestLineBytes"/> with 414 and headers
    /// over <see cref="InterludeApiOptions.MaxHeaderBytes"/> with 431, and turns any empty error answer into
    /// problem+json. Call it first, before routing and the rate limiter. (Kestrel answers requests past its own,
    /// higher limits itself; the stock host sets those above these.)
    /// </summary>
    public static IApplicationBuilder UseInterludeProblems(this IApplicationBuilder app)
    {
        app.UseStatusCodePages(async pages =>
        {
            var status = pages.HttpContext.Response.StatusCode;
            await Problems.Status(status, ReasonFor(status), DetailFor(status)).ExecuteAsync(pages.HttpContext);
        });
        app.Use(async (http, next) =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<InterludeApiOptions>>().Value;
            if (http.Request.Path.Value?.Length + http.Request.QueryString.Value?.Length > limits.MaxRequestLineBytes)
            {
                await Problems.TooLarge(StatusCodes.Status414UriTooLong, $"The request target is longer than {limits.MaxRequestLineBytes} bytes.").ExecuteAsync(http);
                return;
            }

            if (http.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0)) > limits.MaxHeaderBytes)
            {
                await Problems.TooLarge(StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request headers are larger than {limits.MaxHeaderBytes} bytes.").ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }

    /// <summary>The machine-readable reason of an HTTP status no Interlude rule names.</summary>
    public static string ReasonFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "malformed",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status414UriTooLong or StatusCodes.Status431RequestHeaderFieldsTooLarge => "too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status429TooManyRequests => "rate-limited",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => status >= 500 ? "internal-error" : "bad-request",
    };

    private static string DetailFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No endpoint is at this path.",
        StatusCodes.Status405MethodNotAllowed => "The endpoint at this path does not take this method.",
        StatusCodes.Status429TooManyRequests => "Too many requests; try again shortly.",
        _ => $"The request was refused with status {status}.",
    };
}
