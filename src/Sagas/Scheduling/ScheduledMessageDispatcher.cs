using Interlude.Sagas.Persistence.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Scheduling;

/// <summary>
/// Sends scheduled messages once they are due by the injected clock, each by one host only (the store
/// claims them), on whatever transport the bus uses, and removes them.
/// </summary>
internal sealed class ScheduledMessageDispatcher(IServiceScopeFactory scopes, OutboxDelivery delivery, TimeProvider time, IOptions<InterludeOptions> options, ILogger<ScheduledMessageDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchOnce(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dispatching scheduled messages failed; retrying at the next poll.");
            }

            // The poll runs on real time and reads the injected clock: a test that advances a fake clock
            // is seen at the next poll, however the advance and the poll interleave.
            await Task.Delay(options.Value.Scheduler.PollInterval, stoppingToken);
        }
    }

    /// <summary>Sends one batch of due messages; returns how many it sent.</summary>
    public async Task<int> DispatchOnce(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IScheduledMessageStore>();
        return await store.DispatchDue(time.GetUtcNow(), BatchSize, row => delivery.Send(row, cancellationToken), cancellationToken);
    }
}
