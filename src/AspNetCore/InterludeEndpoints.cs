using Interlude.AspNetCore;
using Interlude.AspNetCore.Events;
using Interlude.AspNetCore.Inbox;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Interlude's HTTP API, event streams and approval inbox page into an ASP.NET Core app.</summary>
public static class InterludeEndpoints
{
    /// <summary>
    /// Maps <c>/threads/...</c>, <c>/interrupts</c>, their event streams and the inbox page at <c>/</c>,
    /// under <paramref name="prefix"/> (for example <c>/approvals</c>). Needs <c>services.AddInterludeApi()</c>
    /// and, for the event streams, <c>x.AddInterludeEventStream()</c> on the bus. Returns the route group,
    /// so authorization, rate limiting or CORS can be added to all of it at once.
    /// </summary>
    public static RouteGroupBuilder MapInterlude(this IEndpointRouteBuilder app, string prefix = "")
    {
        var group = app.MapGroup(prefix);
        group.AddEndpointFilter<ProblemOnException>();
        group.AddEndpointFilter<JsonContentFilter>();
        group.MapThreadEndpoints();
        group.MapInterruptEndpoints();
        group.MapEventStreamEndpoints();
        group.MapInboxPage(prefix);
        return group;
    }
}
