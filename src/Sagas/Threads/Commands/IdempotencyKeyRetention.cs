using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// Forgets idempotency keys past <c>Interlude:Threads:IdempotencyKeyRetention</c>, a batch per statement until
/// none is left, every few minutes. Several hosts may run it at once: a batch deletes only what is still there.
/// </summary>
internal sealed class IdempotencyKeyRetention(IServiceScopeFactory scopes, ThreadRuntime runtime, IOptions<InterludeOptions> options, ILogger<IdempotencyKeyRetention> logger) : BackgroundService
{
    public const int BatchSize = 500;

    // Retention is hours: a sweep every few minutes keeps an idle host from scanning the keys all the time.
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnce(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Forgetting expired idempotency keys failed; retrying at the next interval.");
            }

            await Task.Delay(Interval, runtime.Time, stoppingToken);
        }
    }

    /// <summary>Forgets every key recorded longer than the retention ago; returns how many.</summary>
    public async Task<int> SweepOnce(CancellationToken cancellationToken)
    {
        var before = runtime.Now() - options.Value.Threads.IdempotencyKeyRetention;
        var total = 0;
        for (var forgotten = BatchSize; forgotten == BatchSize;)
        {
            await using var scope = scopes.CreateAsyncScope();
            forgotten = await scope.ServiceProvider.GetRequiredService<ICommandLedger>().ForgetRecordedBefore(before, BatchSize, cancellationToken);
            total += forgotten;
        }

        return total;
    }
}
