using System.Runtime.InteropServices;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>The journal of the in-memory saga repository (the test harness): the same rules, kept in this process.</summary>
internal sealed class InMemoryThreadJournal : IThreadJournal
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, (long Revision, string State)>> checkpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingInterrupt> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ResolvedInterrupt>> resolutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AuditEntry>> audit = new(StringComparer.Ordinal);

    public Task Record(ThreadCheckpoint checkpoint, string state, PlanResult result, AuditContext? command, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!checkpoints.TryGetValue(checkpoint.ThreadId, out var thread))
            {
                checkpoints[checkpoint.ThreadId] = thread = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
            }

            if (ThreadJournalRules.RecordsCheckpoint(checkpoint, result))
            {
                thread[checkpoint.CheckpointId] = (checkpoint.Revision, state);
            }
            foreach (var raised in result.Raised)
            {
                open[raised.Id] = raised.ToPending(checkpoint);
            }

            foreach (var extended in result.Extended.Where(i => open.ContainsKey(i.Id)))
            {
                open[extended.Id] = extended.ToPending(checkpoint);
            }

            foreach (var resolved in result.Resolved)
            {
                open.Remove(resolved.Interrupt.Id);
            }

            // Append-only, as the database's interrupt_resolutions table.
            (CollectionsMarshal.GetValueRefOrAddDefault(resolutions, checkpoint.ThreadId, out _) ??= []).AddRange(result.Resolved.Select(r => r.ToResolved()));
            var entries = CollectionsMarshal.GetValueRefOrAddDefault(audit, checkpoint.ThreadId, out _) ??= [];
            entries.AddRange(AuditTrail.For(command, result).Select((e, i) => e with { Sequence = entries.Count + i + 1 }));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ThreadCheckpoint>> History(string threadId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<ThreadCheckpoint> history = checkpoints.TryGetValue(threadId, out var thread)
                ? [.. thread.Values.OrderByDescending(c => c.Revision).Select(c => ThreadCheckpoint.FromJson(c.State))]
                : [];
            return Task.FromResult(history);
        }
    }

    public Task<ThreadCheckpoint?> Checkpoint(string threadId, string checkpointId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(checkpoints.TryGetValue(threadId, out var thread) && thread.TryGetValue(checkpointId, out var row)
                ? ThreadCheckpoint.FromJson(row.State)
                : null);
        }
    }

    public Task<IReadOnlyList<ResolvedInterrupt>> Resolutions(string threadId, IReadOnlyCollection<string> interruptIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<ResolvedInterrupt> named = resolutions.TryGetValue(threadId, out var closed)
                ? [.. closed.Where((r, i) => i == closed.Count - 1 || interruptIds.Contains(r.Id))]
                : [];
            return Task.FromResult(named);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> Audit(string threadId, int page, int pageSize, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<AuditEntry> items = audit.TryGetValue(threadId, out var entries) ? [.. entries.Skip((page - 1) * pageSize).Take(pageSize)] : [];
            return Task.FromResult(items);
        }
    }

    /// <summary>Drops what is kept for <paramref name="threadIds"/>, threads retention purged.</summary>
    public void Forget(IReadOnlyCollection<string> threadIds)
    {
        lock (gate)
        {
            foreach (var threadId in threadIds)
            {
                checkpoints.Remove(threadId);
                resolutions.Remove(threadId);
                audit.Remove(threadId);
                foreach (var id in open.Where(i => i.Value.ThreadId == threadId).Select(i => i.Key).ToList())
                {
                    open.Remove(id);
                }
            }
        }
    }

    public Task<IReadOnlyList<OpenInterruptCount>> OpenCounts(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<OpenInterruptCount> counts = [.. open.Values
                .GroupBy(i => (i.Graph, i.GraphVersion))
                .Select(g => new OpenInterruptCount { Graph = g.Key.Graph, GraphVersion = g.Key.GraphVersion, Count = g.Count() })];
            return Task.FromResult(counts);
        }
    }

    public Task<IReadOnlyList<PendingInterrupt>> Pending(string? graph, int? graphVersion, int page, int pageSize, InboxCaller? mine, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<PendingInterrupt> items = [.. open.Values
                .Where(i => (graph is null || i.Graph == graph) && (graphVersion is null || i.GraphVersion == graphVersion) && (mine is null || mine.MayAnswer(i)))
                .OrderBy(i => i.RaisedAt)
                .ThenBy(i => i.ThreadId, StringComparer.Ordinal)
                .ThenBy(i => i.Id, StringComparer.Ordinal)
                .Skip((page - 1) * pageSize)
                .Take(pageSize)];
            return Task.FromResult(items);
        }
    }
}
