using Interlude.Sagas.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Persistence;

/// <summary>
/// Retention (<see cref="RetentionOptions"/>): every interval, purges finished threads past their days, a
/// batch per transaction until none is left. Off unless <c>Interlude:Retention:FinishedThreadsDays</c> is set.
/// Several hosts may run it at once: a batch deletes only what is still there.
/// </summary>
internal sealed class ThreadRetention(IServiceScopeFactory scopes, IThreadStore store, ThreadRuntime runtime, IOptions<InterludeOptions> options, ILogger<ThreadRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        if (retention.FinishedThreadsDays is not { } days)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await PurgeOnce(runtime.Now() - TimeSpan.FromDays(days), retention.BatchSize, stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} threads finished more than {Days} days ago.", purged, days);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging finished threads failed; retrying at the next interval.");
            }

            await Task.Delay(retention.Interval, runtime.Time, stoppingToken);
        }
    }

    /// <summary>Purges, a batch at a time, every thread finished before <paramref name="finishedBefore"/>; returns how many.</summary>
    public async Task<int> PurgeOnce(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var purged = batchSize; purged == batchSize;)
        {
            await using var scope = scopes.CreateAsyncScope();
            purged = await store.PurgeFinished(scope.ServiceProvider, finishedBefore, batchSize, cancellationToken);
            total += purged;
        }

        return total;
    }
}
