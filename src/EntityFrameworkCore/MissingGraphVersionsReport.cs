using System.Data.Common;
using Interlude.Graph;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// At start-up, logs one line per graph version that unfinished threads (paused or running) need and
/// this host does not have: those threads are neither run nor failed here, and their commands are
/// refused with <c>graph-unavailable</c> until a host with the version runs. One grouped query; a database
/// the host cannot read yet (unreachable, or not migrated with <c>MigrateOnStart</c> off) does not stop the
/// start-up for a report: that is what <c>/health</c> tells.
/// </summary>
internal sealed class MissingGraphVersionsReport(IServiceScopeFactory scopes, GraphCatalog catalog, ILogger<MissingGraphVersionsReport> logger) : IHostedService
{
    private static readonly string[] Unfinished = [nameof(GraphThreadStateMachine.Running), nameof(GraphThreadStateMachine.Interrupted)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        List<(string Graph, int GraphVersion, int Threads)> needed;
        try
        {
            needed = [.. (await db.Threads.AsNoTracking()
                .Where(t => Unfinished.Contains(t.CurrentState))
                .GroupBy(t => new { t.Graph, t.GraphVersion })
                .Select(g => new { g.Key.Graph, g.Key.GraphVersion, Threads = g.Count() })
                .ToListAsync(cancellationToken)).Select(n => (n.Graph, n.GraphVersion, n.Threads))];
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Could not read which graph versions unfinished threads need: {Message}", e.Message);
            return;
        }

        foreach (var missing in needed.Where(n => catalog.Find(n.Graph, n.GraphVersion) is null).OrderBy(n => n.Graph, StringComparer.Ordinal).ThenBy(n => n.GraphVersion))
        {
            logger.LogWarning(
                "{Threads} unfinished threads need graph '{Graph}' version {GraphVersion}, which this host does not have: they stay as they are, and their commands are refused, until a host with that version runs.",
                missing.Threads,
                missing.Graph,
                missing.GraphVersion);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
