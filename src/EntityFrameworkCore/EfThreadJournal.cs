using Interlude.Sagas.Persistence;
using System.Text.Json;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>The thread journal in the database: checkpoint, interrupt and resolution rows, written in the saga's transaction.</summary>
internal sealed class EfThreadJournal(InterludeDbContext db) : IThreadJournal
{
    public const string Open = "open";

    public Task Record(ThreadCheckpoint checkpoint, string state, PlanResult result, CancellationToken cancellationToken)
    {
        // Rows written by earlier messages are changed as tracked entities, not by statements run at
        // once: the changes join the message's one write batch.
        if (result.CheckpointCreated)
        {
            db.Checkpoints.Add(ToRow(checkpoint, state));
        }
        else if (ThreadJournalRules.RecordsCheckpoint(checkpoint, result))
        {
            Change(
                db.Checkpoints.Local.FirstOrDefault(c => c.ThreadId == checkpoint.ThreadId && c.CheckpointId == checkpoint.CheckpointId) ?? ToRow(checkpoint, state),
                row => { row.State = state; row.Revision = checkpoint.Revision; },
                nameof(CheckpointRow.State),
                nameof(CheckpointRow.Revision));
        }

        foreach (var resolved in result.Resolved)
        {
            var resolution = ToRow(checkpoint.ThreadId, resolved);
            db.InterruptResolutions.Add(resolution);
            Change(
                Interrupt(resolved.Interrupt.Id, checkpoint),
                row =>
                {
                    row.Status = resolution.Outcome;
                    row.ResolvedAt = resolution.ResolvedAt;
                    row.ResolvedBy = resolution.ResolvedBy;
                    row.Answer = resolution.Answer;
                },
                nameof(InterruptRow.Status),
                nameof(InterruptRow.ResolvedAt),
                nameof(InterruptRow.ResolvedBy),
                nameof(InterruptRow.Answer));
        }

        foreach (var extended in result.Extended)
        {
            Change(Interrupt(extended.Id, checkpoint), row => row.ExpiresAt = extended.ExpiresAt, nameof(InterruptRow.ExpiresAt));
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
                Approvers = JsonSerializer.Serialize(raised.Approvers),
                FourEyes = raised.FourEyes,
                StartedBy = checkpoint.StartedBy,
            });
        }

        return Task.CompletedTask;
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

    public async Task<IReadOnlyList<ResolvedInterrupt>> Resolutions(string threadId, IReadOnlyCollection<string> interruptIds, CancellationToken cancellationToken)
    {
        var thread = db.InterruptResolutions.AsNoTracking().Where(r => r.ThreadId == threadId);
        return await thread
            .Where(r => interruptIds.Contains(r.InterruptId) || r.SequenceNumber == thread.Max(l => l.SequenceNumber))
            .OrderBy(r => r.SequenceNumber)
            .Select(r => new ResolvedInterrupt(r.InterruptId, r.Outcome, r.ResolvedAt, r.ResolvedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PendingInterrupt>> Pending(string? graph, int page, int pageSize, Func<PendingInterrupt, bool>? keep, CancellationToken cancellationToken)
    {
        var open = db.Interrupts.AsNoTracking()
            .Where(i => i.Status == Open && (graph == null || i.Graph == graph))
            .OrderBy(i => i.RaisedAt).ThenBy(i => i.ThreadId).ThenBy(i => i.Id);

        // A filter the database cannot run (who may answer) reads every open row of the graph, then pages.
        if (keep is not null)
        {
            return [.. (await open.ToListAsync(cancellationToken)).Select(ToPending).Where(keep).Skip((page - 1) * pageSize).Take(pageSize)];
        }

        var rows = await open.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return [.. rows.Select(ToPending)];
    }

    private static PendingInterrupt ToPending(InterruptRow r) => new()
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
        Approvers = JsonSerializer.Deserialize<List<string>>(r.Approvers) ?? [],
        FourEyes = r.FourEyes,
        StartedBy = r.StartedBy,
        };

    /// <summary>
    /// Changes <paramref name="properties"/> of a row: one this message added or changed already, or a
    /// stub of the stored row (its key set), attached so that only those columns are updated.
    /// </summary>
    private void Change<TRow>(TRow row, Action<TRow> change, params string[] properties)
        where TRow : class
    {
        var entry = db.Entry(row);
        if (entry.State == EntityState.Detached)
        {
            entry.State = EntityState.Unchanged;
        }

        change(row);
        if (entry.State != EntityState.Added)
        {
            foreach (var property in properties)
            {
                entry.Property(property).IsModified = true;
            }
        }
    }

    /// <summary>The interrupt row of <paramref name="id"/>: the one this message tracks, else a stub carrying only its key.</summary>
    private InterruptRow Interrupt(string id, ThreadCheckpoint checkpoint) =>
        db.Interrupts.Local.FirstOrDefault(i => i.Id == id)
        ?? new InterruptRow { Id = id, ThreadId = checkpoint.ThreadId, Graph = checkpoint.Graph, Node = string.Empty, Ns = string.Empty, When = string.Empty, Status = Open };

    private static InterruptResolutionRow ToRow(string threadId, InterruptResolution resolution) => new()
    {
        ThreadId = threadId,
        InterruptId = resolution.Interrupt.Id,
        Outcome = resolution.Outcome,
        Answer = resolution.Answer is null ? null : GraphJson.Compact(resolution.Answer),
        ResolvedBy = resolution.By,
        ResolvedAt = resolution.ResolvedAt,
    };

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
