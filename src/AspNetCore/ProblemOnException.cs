using MassTransit;

namespace Interlude.AspNetCore;

/// <summary>Anything unexpected in an Interlude endpoint is still a problem+json answer with a reason, never an HTML page.</summary>
internal sealed class ProblemOnException : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException bad)
        {
            return Problems.Status(bad.StatusCode, StatusCodeProblems.ReasonFor(bad.StatusCode), bad.Message);
        }
        catch (RequestTimeoutException)
        {
            return Problems.Unavailable(context.HttpContext.Response);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Problems.Status(StatusCodes.Status500InternalServerError, "internal-error", e.Message);
        }
    }
}
