using Interlude.Sagas.Persistence.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Scheduling;

/// <summary>
/// Sends scheduled messages once they are due by the injected clock, each by one host only (the store
/// claims them), on whatever transport the bus uses, and removes them. It sleeps until the earliest
/// message falls due, woken sooner when this host schedules an earlier one, and looks at least once per
/// poll interval for messages other hosts scheduled. A look that finds nothing due is one cheap read.
/// </summary>
internal sealed class ScheduledMessageDispatcher(
    IServiceScopeFactory scopes,
    OutboxDelivery delivery,
    SchedulerWakeUp wakeUp,
    TimeProvider time,
    IOptions<InterludeOptions> options,
    ILogger<ScheduledMessageDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One store (a database store: one pooled DbContext) for every look, not a scope per poll.
        await using var lookScope = scopes.CreateAsyncScope();
        var looks = lookScope.ServiceProvider.GetRequiredService<IScheduledMessageStore>();
        DateTimeOffset? scheduledHere = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            scheduledHere = SchedulerWakeUp.Earlier(scheduledHere, wakeUp.Looking());
            DateTimeOffset? nextDue = null;
            try
            {
                nextDue = await looks.NextDueAt(stoppingToken);
                if (nextDue <= time.GetUtcNow())
                {
                    int sent = 0, batch;
                    do
                    {
                        batch = await DispatchOnce(stoppingToken);
                        sent += batch;
                    }
                    while (batch == BatchSize);

                    if (sent > 0)
                    {
                        // What is left is due later, or was scheduled meanwhile: look again at once.
                        continue;
                    }

                    // Another host holds them (claimed, not yet sent): leave them to it for a poll interval.
                    nextDue = null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dispatching scheduled messages failed; retrying at the next poll.");
            }

            // A schedule of this host's may not have been committed when it woke the look: look again when
            // it falls due. Once a look has come at or after that time, the store knows it (or it rolled back).
            var now = time.GetUtcNow();
            if (scheduledHere <= now)
            {
                scheduledHere = null;
            }

            // The sleep runs on real time and the look reads the injected clock: a test that advances a fake
            // clock is seen within one poll interval, however the advance and the sleep interleave.
            var poll = options.Value.Scheduler.PollInterval;
            var delay = SchedulerWakeUp.Earlier(nextDue, scheduledHere) is { } due && due - now < poll ? due - now : poll;
            await wakeUp.Sleep(delay, now + delay, stoppingToken);
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
