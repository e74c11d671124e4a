using Interlude.Client;
using Interlude.Contracts;

namespace Interlude.AspNetCore;

/// <summary>The approval inbox: open interrupts across threads, oldest first.</summary>
internal static class InterruptEndpoints
{
    public static IEndpointRouteBuilder MapInterruptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/interrupts", List);
        return app;
    }

    private static async Task<IResult> List(IGraphClient client, string? status, string? graph, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (status is not (null or "pending"))
        {
            return Problems.Malformed("'status' must be 'pending'.");
        }

        if (page is < 1 or > ListInterrupts.MaxPage || pageSize is < 1 or > 1000)
        {
            return Problems.Malformed($"'page' must be 1 to {ListInterrupts.MaxPage} and 'pageSize' 1 to 1000.");
        }

        return Results.Ok(await client.ListInterruptsAsync(graph, page ?? 1, pageSize ?? 100, cancellationToken));
    }
}
