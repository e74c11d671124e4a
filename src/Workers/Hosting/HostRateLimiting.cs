using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Interlude.Workers.Hosting;

/// <summary>The stock host's rate limiter (<see cref="RateLimitOptions"/>); its 429 becomes problem+json through the status-code pages.</summary>
internal static class HostRateLimiting
{
    public static IServiceCollection AddHostRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        if (!limits.Enabled)
        {
            return services;
        }

        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = limits.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
        });
    }

    public static IApplicationBuilder UseHostRateLimiting(this IApplicationBuilder app, RateLimitOptions limits) =>
        limits.Enabled ? app.UseRateLimiter() : app;
}
