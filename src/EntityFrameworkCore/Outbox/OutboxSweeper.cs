using Interlude.Sagas.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>
/// Delivers outbox rows that were committed but not delivered (the process died between commit and
/// send), and forgets inbox rows past their retention. Idle, a sweep is one cheap read. Safe on several
/// hosts: on PostgreSQL each batch is claimed with <c>FOR UPDATE SKIP LOCKED</c>; SQLite has one writer at a time.
/// </summary>
internal sealed class OutboxSweeper(IServiceScopeFactory scopes, TimeProvider time, IOptions<InterludeOptions> options, IDatabaseDialect dialect, ILogger<OutboxSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Retention is days: deleting expired inbox rows every few minutes, not every sweep, keeps an idle host
    // from scanning the inbox every couple of seconds.
    private static readonly TimeSpan InboxCleanupInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One DbContext for the cheap look of every sweep; a scope and a transaction only when rows are left behind.
        await using var lookScope = scopes.CreateAsyncScope();
        var looks = lookScope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var forgetInboxAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.Value.Outbox.SweepInterval, time);
        do
        {
            try
            {
                var cutoff = Cutoff();
                if (await looks.Outbox.AnyAsync(o => o.CreatedAt < cutoff, stoppingToken))
                {
                    while (await SweepOnce(stoppingToken) == BatchSize)
                    {
                    }
                }

                if (time.GetUtcNow() >= forgetInboxAt)
                {
                    await ForgetOldInboxRows(looks, stoppingToken);
                    forgetInboxAt = time.GetUtcNow() + InboxCleanupInterval;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox sweep failed; retrying at the next interval.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Delivers one batch of rows older than the grace period; returns how many it delivered.</summary>
    public async Task<int> SweepOnce(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        var delivery = scope.ServiceProvider.GetRequiredService<OutboxRelay>();
        var cutoff = Cutoff();
        var delivered = 0;
        await ThreadTransaction.Run(
            db,
            async () =>
            {
                var rows = await dialect.ClaimOutboxBatch(db, cutoff, BatchSize).ToListAsync(cancellationToken);
                await delivery.Deliver(db, rows, cancellationToken);
                delivered = rows.Count;
            },
            cancellationToken);
        if (delivered > 0)
        {
            logger.LogInformation("Delivered {Count} outbox messages left behind.", delivered);
        }

        return delivered;
    }

    private DateTimeOffset Cutoff() => time.GetUtcNow() - options.Value.Outbox.GracePeriod;

    private async Task ForgetOldInboxRows(InterludeDbContext db, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Outbox.InboxRetention;
        await db.Inbox.Where(i => i.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
