using Interlude.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interlude.Workers.Hosting;

/// <summary>Healthy while the thread database answers.</summary>
internal sealed class DatabaseHealthCheck(InterludeDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The thread database does not answer.");
}
