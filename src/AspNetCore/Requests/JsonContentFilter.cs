using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Interlude.AspNetCore;

/// <summary>
/// Before an endpoint that reads a <see cref="JsonBody"/>: a body must say it is JSON
/// (<c>application/json</c> or <c>application/*+json</c>, any parameters), else 415
/// <c>unsupported-media-type</c>, which a cross-site form or <c>text/plain</c> fetch cannot send;
/// a body declared larger than <see cref="InterludeApiOptions.MaxBodyBytes"/> is 413 <c>too-large</c>.
/// </summary>
internal sealed class JsonContentFilter(IOptions<InterludeApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<JsonBody>() is not { } body)
        {
            return await next(context);
        }

        var request = http.Request;
        var empty = request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0);
        if (!(body.Optional && empty && string.IsNullOrEmpty(request.ContentType)) && !IsJson(request.ContentType))
        {
            return Problems.Status(
                StatusCodes.Status415UnsupportedMediaType,
                "unsupported-media-type",
                $"The body must be JSON, with content type application/json; got '{request.ContentType}'.");
        }

        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return Problems.TooLarge(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        return await next(context);
    }

    /// <summary><c>application/json</c> or <c>application/*+json</c>, with any parameters.</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
        && (type.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
