using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interlude.Workers.Hosting;

/// <summary>
/// <c>/health</c>: 200 only while every check is healthy. MassTransit reports a bus whose broker
/// connection dropped as degraded (its endpoints stopped, reconnecting), which ASP.NET Core would answer
/// with 200; a process in that state takes no messages, so it is not ready.
/// </summary>
internal static class Readiness
{
    public static IEndpointConventionBuilder MapReadiness(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
}
