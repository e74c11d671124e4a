using Interlude.Client;

namespace Interlude.AspNetCore;

/// <summary><c>GET /threads/{id}/audit</c>: every accepted change of the thread, oldest first, paged.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/threads/{threadId}/audit", GetAudit).RequireAuthorization(InterludePermissions.Read);
        return app;
    }

    private static async Task<IResult> GetAudit(string threadId, IGraphClient client, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Invalid(page, pageSize) is { } invalid)
        {
            return invalid;
        }

        var audit = ThreadIdentity.IsValid(threadId) ? await client.GetAuditAsync(threadId, page ?? 1, pageSize ?? 100, cancellationToken) : null;
        return audit is null ? Problems.ThreadNotFound(threadId) : Results.Ok(audit);
    }
}
