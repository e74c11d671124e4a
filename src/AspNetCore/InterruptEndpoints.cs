using Interlude.AspNetCore.Security;
using Interlude.Client;
using Interlude.Contracts;

namespace Interlude.AspNetCore;

/// <summary>
/// The approval inbox: open interrupts across threads, oldest first, each saying whether the caller may
/// answer it (<c>mayAnswer</c>: the answer permission, and the interrupt's approvers and four-eyes);
/// <c>mine=true</c>: only those.
/// </summary>
internal static class InterruptEndpoints
{
    public static IEndpointRouteBuilder MapInterruptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/interrupts", List).RequireAuthorization(InterludePermissions.Read);
        return app;
    }

    private static async Task<IResult> List(HttpContext http, IGraphClient client, string? status, string? graph, int? graphVersion, int? page, int? pageSize, bool? mine, CancellationToken cancellationToken)
    {
        if (status is not (null or "pending"))
        {
            return Problems.Malformed("'status' must be 'pending'.");
        }

        if (page is < 1 or > ListInterrupts.MaxPage || pageSize is < 1 or > 1000)
        {
            return Problems.Malformed($"'page' must be 1 to {ListInterrupts.MaxPage} and 'pageSize' 1 to 1000.");
        }

        if (graphVersion is < 1)
        {
            return Problems.Malformed("'graphVersion' must be 1 or more.");
        }

        var mayAnswerAny = await http.Has(InterludePermissions.Answer);
        if (mine == true && !mayAnswerAny)
        {
            return Results.Ok(Array.Empty<object>());
        }

        var items = await client.ForCaller(http).ListInterruptsAsync(graph, page ?? 1, pageSize ?? 100, mine == true, graphVersion, cancellationToken);
        return Results.Ok(mayAnswerAny ? items : [.. items.Select(i => i with { MayAnswer = false })]);
    }
}
