using Interlude.Sagas.Persistence;
using System.Text.Json;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>The thread journal in the database: checkpoint rows and interrupt rows, written in the saga's transaction.</summary>
internal sealed class EfThreadJournal(InterludeDbContext db) : IThreadJournal
{
    public const string Open = "open";

    /// <summary>The checkpoint rows this journal added, by checkpoint id (it is scoped to one message).</summary>
    private readonly Dictionary<string, CheckpointRow> added = new(StringComparer.Ordinal);

    public async Task Record(ThreadCheckpoint checkpoint, string state, PlanResult result, CancellationToken cancellationToken)
    {
        if (result.CheckpointCreated)
        {
            var row = ToRow(checkpoint, state);
            db.Checkpoints.Add(row);
            added[checkpoint.CheckpointId] = row;
        }
        else if (ThreadJournalRules.RecordsCheckpoint(checkpoint, result))
        {
            await Rewrite(checkpoint, state, cancellationToken);
        }

        foreach (var resolved in result.Resolved)
        {
            var answer = resolved.Answer is null ? null : GraphJson.Compact(resolved.Answer);
            var resolvedAt = checkpoint.Resolved.LastOrDefault(r => r.Id == resolved.Interrupt.Id)?.ResolvedAt ?? checkpoint.CreatedAt;
            await db.Interrupts
                .Where(i => i.Id == resolved.Interrupt.Id && i.Status == Open)
                .ExecuteUpdateAsync(
                    i => i.SetProperty(r => r.Status, resolved.Outcome)
                        .SetProperty(r => r.ResolvedAt, resolvedAt)
                        .SetProperty(r => r.ResolvedBy, resolved.By)
                        .SetProperty(r => r.Answer, answer),
                    cancellationToken);
        }

        foreach (var extended in result.Extended)
        {
            await db.Interrupts
                .Where(i => i.Id == extended.Id && i.Status == Open)
                .ExecuteUpdateAsync(i => i.SetProperty(r => r.ExpiresAt, extended.ExpiresAt), cancellationToken);
        }

        foreach (var raised in result.Raised)
        {
            db.Interrupts.Add(new InterruptRow
            {
                Id = raised.Id,
                ThreadId = checkpoint.ThreadId,
                Graph = checkpoint.Graph,
                Node = raised.Node,
                Ns = JsonSerializer.Serialize(raised.Ns),
                When = SnapshotMapper.Name(raised.When),
                Value = raised.Value is null ? null : GraphJson.Compact(raised.Value),
                Status = Open,
                RaisedAt = raised.RaisedAt,
                ExpiresAt = raised.ExpiresAt,
            });
        }
    }

    public async Task<IReadOnlyList<ThreadCheckpoint>> History(string threadId, CancellationToken cancellationToken)
    {
        var states = await db.Checkpoints.AsNoTracking()
            .Where(c => c.ThreadId == threadId)
            .OrderByDescending(c => c.Revision)
            .Select(c => c.State)
            .ToListAsync(cancellationToken);
        return [.. states.Select(ThreadCheckpoint.FromJson)];
    }

    public async Task<ThreadCheckpoint?> Checkpoint(string threadId, string checkpointId, CancellationToken cancellationToken)
    {
        var state = await db.Checkpoints.AsNoTracking()
            .Where(c => c.ThreadId == threadId && c.CheckpointId == checkpointId)
            .Select(c => c.State)
            .SingleOrDefaultAsync(cancellationToken);
        return state is null ? null : ThreadCheckpoint.FromJson(state);
    }

    public async Task<IReadOnlyList<PendingInterrupt>> Pending(string? graph, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await db.Interrupts.AsNoTracking()
            .Where(i => i.Status == Open && (graph == null || i.Graph == graph))
            .OrderBy(i => i.RaisedAt).ThenBy(i => i.ThreadId).ThenBy(i => i.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PendingInterrupt
        {
            ThreadId = r.ThreadId,
            Graph = r.Graph,
            Id = r.Id,
            Value = r.Value is null ? null : JsonDocument.Parse(r.Value).RootElement.Clone(),
            Node = r.Node,
            Ns = JsonSerializer.Deserialize<List<string>>(r.Ns) ?? [],
            When = r.When,
            RaisedAt = r.RaisedAt,
            ExpiresAt = r.ExpiresAt,
        })];
    }

    /// <summary>Rewrites the history row of the head checkpoint, which the thread has settled on.</summary>
    private async Task Rewrite(ThreadCheckpoint checkpoint, string state, CancellationToken cancellationToken)
    {
        if (added.TryGetValue(checkpoint.CheckpointId, out var row) && db.Entry(row).State == EntityState.Added)
        {
            // Created by an earlier step of this transaction (a chain): not in the database yet.
            row.State = state;
            row.Revision = checkpoint.Revision;
            return;
        }

        await db.Checkpoints
            .Where(c => c.ThreadId == checkpoint.ThreadId && c.CheckpointId == checkpoint.CheckpointId)
            .ExecuteUpdateAsync(c => c.SetProperty(r => r.State, state).SetProperty(r => r.Revision, checkpoint.Revision), cancellationToken);
    }

    private static CheckpointRow ToRow(ThreadCheckpoint checkpoint, string state) => new()
    {
        ThreadId = checkpoint.ThreadId,
        CheckpointId = checkpoint.CheckpointId,
        ParentCheckpointId = checkpoint.ParentCheckpointId,
        Step = checkpoint.Step,
        Source = SnapshotMapper.Name(checkpoint.Source),
        State = state,
        Revision = checkpoint.Revision,
        CreatedAt = checkpoint.CreatedAt,
    };
}
