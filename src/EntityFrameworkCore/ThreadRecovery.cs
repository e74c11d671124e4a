using Interlude.Sagas.Persistence;
using Interlude.Contracts;
using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// With the in-memory transport, a task dispatched before the process died was lost with it. At
/// start-up every running thread is asked to dispatch again the tasks sent before this process began,
/// and afterwards those unanswered for longer than the lease. Second answers are ignored by the saga.
/// On a broker it does nothing: the broker redelivers what a dead process had taken, and a lease must
/// not start a second run of a node that is merely slow.
/// </summary>
internal sealed class ThreadRecovery(IServiceScopeFactory scopes, IBus bus, TimeProvider time, IOptions<InterludeOptions> options, ILogger<ThreadRecovery> logger)
    : BackgroundService
{
    /// <summary>Whether this host re-dispatches lost tasks: only on the in-memory transport.</summary>
    public bool Active => bus.Address.Scheme == "loopback";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Active)
        {
            return;
        }

        var lease = options.Value.Database.TaskLease;
        var count = await TryRedispatch(time.GetUtcNow(), stoppingToken);
        if (count > 0)
        {
            logger.LogInformation("Asked {Count} running threads to dispatch their unanswered tasks again.", count);
        }

        using var timer = new PeriodicTimer(lease / 2, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRedispatch(time.GetUtcNow() - lease, stoppingToken);
        }
    }

    /// <summary>
    /// One round, whose failure (the database down or restarting) is logged and retried on the next tick:
    /// an exception escaping a background service would stop the whole host.
    /// </summary>
    private async Task<int> TryRedispatch(DateTimeOffset dispatchedBefore, CancellationToken stoppingToken)
    {
        try
        {
            return await RedispatchRunningThreads(dispatchedBefore, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not look for running threads to recover; trying again in {Interval}.", options.Value.Database.TaskLease / 2);
            return 0;
        }
    }

    /// <summary>Asks each running thread to dispatch again its tasks sent before <paramref name="dispatchedBefore"/>.</summary>
    public async Task<int> RedispatchRunningThreads(DateTimeOffset dispatchedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var running = nameof(GraphThreadStateMachine.Running);
        var threads = await db.Threads.AsNoTracking().Where(t => t.CurrentState == running).Select(t => t.ThreadId).ToListAsync(cancellationToken);
        foreach (var threadId in threads)
        {
            await bus.Publish(new RedispatchTasks { ThreadId = threadId, DispatchedBefore = dispatchedBefore }, cancellationToken);
        }

        return threads.Count;
    }
}
