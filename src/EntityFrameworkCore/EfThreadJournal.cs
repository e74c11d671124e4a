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

    public Task Record(ThreadCheckpoint checkpoint, string state, PlanResult result, AuditContext? command, CancellationToken cancellationToken)
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

        // One append-only table: the resolutions a late answer is refused by, and the rest of the audit.
        db.InterruptResolutions.AddRange(AuditTrail.For(command, result).Select(e => ToRow(checkpoint.ThreadId, e)));
        foreach (var resolved in result.Resolved)
        {
            var answer = resolved.Answer is null ? null : GraphJson.Compact(resolved.Answer);
            Change(
                Interrupt(resolved.Interrupt.Id, checkpoint),
                row =>
                {
                    row.Status = resolved.Outcome;
                    row.ResolvedAt = resolved.ResolvedAt;
                    row.ResolvedBy = resolved.By;
                    row.Answer = answer;
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
                GraphVersion = checkpoint.GraphVersion,
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
                AnswerForm = raised.Answer.ToText(),
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
        var thread = db.InterruptResolutions.AsNoTracking().Where(r => r.ThreadId == threadId && r.Outcome != AuditActions.Accepted && r.Outcome != AuditActions.Sent);
        return await thread
            .Where(r => interruptIds.Contains(r.InterruptId) || r.SequenceNumber == thread.Max(l => l.SequenceNumber))
            .OrderBy(r => r.SequenceNumber)
            .Select(r => new ResolvedInterrupt(r.InterruptId, r.Outcome, r.ResolvedAt, r.ResolvedBy))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> Audit(string threadId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await db.InterruptResolutions.AsNoTracking()
            .Where(r => r.ThreadId == threadId)
            .OrderBy(r => r.SequenceNumber)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToEntry)];
    }

    public async Task<IReadOnlyList<PendingInterrupt>> Pending(string? graph, int? graphVersion, int page, int pageSize, InboxCaller? mine, CancellationToken cancellationToken)
    {
        var open = db.Interrupts.AsNoTracking()
            .Where(i => i.Status == Open && (graph == null || i.Graph == graph) && (graphVersion == null || i.GraphVersion == graphVersion));
        if (mine is not null)
        {
            // Who may answer, in the query, so that pages are pages of those rows. The rule is checked once
            // more on what comes back: a case-insensitive collation (SQL Server's default) may match more.
            open = open.MayAnswer(mine);
        }

        var rows = await open.OrderBy(i => i.RaisedAt).ThenBy(i => i.ThreadId).ThenBy(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return [.. rows.Select(ToPending).Where(i => mine is null || mine.MayAnswer(i))];
    }

    public async Task<IReadOnlyList<OpenInterruptCount>> OpenCounts(CancellationToken cancellationToken) =>
        await db.Interrupts.AsNoTracking()
            .Where(i => i.Status == Open)
            .GroupBy(i => new { i.Graph, i.GraphVersion })
            .Select(g => new OpenInterruptCount { Graph = g.Key.Graph, GraphVersion = g.Key.GraphVersion, Count = g.Count() })
            .ToListAsync(cancellationToken);

    private static PendingInterrupt ToPending(InterruptRow r) => new()
    {
        ThreadId = r.ThreadId,
        Graph = r.Graph,
        GraphVersion = r.GraphVersion,
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
        Answer = AnswerFormMapper.FromText(r.AnswerForm),
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

    private static InterruptResolutionRow ToRow(string threadId, AuditEntry entry) => new()
    {
        ThreadId = threadId,
        InterruptId = entry.InterruptId ?? string.Empty,
        Action = entry.Action,
        Outcome = entry.Outcome,
        Answer = entry.Answer?.GetRawText(),
        ResolvedBy = entry.By,
        Scheme = entry.Scheme,
        ResolvedAt = entry.At,
        Detail = entry.Detail?.GetRawText(),
    };

    private static AuditEntry ToEntry(InterruptResolutionRow row) => new()
    {
        Sequence = row.SequenceNumber,
        At = row.ResolvedAt,
        Action = row.Action,
        By = row.ResolvedBy,
        Scheme = row.Scheme,
        InterruptId = row.InterruptId.Length == 0 ? null : row.InterruptId,
        Answer = row.Answer is null ? null : JsonDocument.Parse(row.Answer).RootElement.Clone(),
        Outcome = row.Outcome,
        Detail = row.Detail is null ? null : JsonDocument.Parse(row.Detail).RootElement.Clone(),
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
