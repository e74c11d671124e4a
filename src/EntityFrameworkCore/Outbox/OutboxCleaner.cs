using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>
/// Deletes delivered outbox rows in batches. Rows whose deletion is lost with the process are sent
/// again by the sweeper after its grace period, which consumers tolerate.
/// </summary>
internal sealed class OutboxCleaner(IServiceScopeFactory scopes, DeliveredOutboxRows delivered, IOptions<InterludeOptions> options, ILogger<OutboxCleaner> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Idle, it sleeps until rows are delivered; then waits the delay so that one delete takes them all.
            await delivered.WaitForRows(stoppingToken);
            await Task.Delay(options.Value.Outbox.CleanupDelay, stoppingToken);
            await DeleteDelivered(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DeleteDelivered(cancellationToken);
    }

    private async Task DeleteDelivered(CancellationToken cancellationToken)
    {
        for (var batch = delivered.Take(BatchSize); batch.Count > 0; batch = delivered.Take(BatchSize))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
                await db.Outbox.Where(o => batch.Contains(o.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The sweeper will send these rows again; consumers tolerate it.
                logger.LogWarning(e, "Could not delete {Count} delivered outbox rows.", batch.Count);
            }
        }
    }
}
