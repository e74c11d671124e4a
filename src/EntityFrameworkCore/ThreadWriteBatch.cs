using Microsoft.EntityFrameworkCore;

namespace Interlude.EntityFrameworkCore;

/// <summary>
/// One thread message's writes, saved together when the saga is done with it: the inbox row, the
/// version-checked thread row, checkpoints, interrupts, schedules and outbox rows go to the database as
/// one batch in one short transaction. Nothing is written while the saga runs, so no lock is held while
/// it plans, and a failed batch (a redelivery's inbox row, another host's newer version) leaves nothing.
/// </summary>
internal sealed class ThreadWriteBatch(InterludeDbContext db, IDatabaseDialect dialect)
{
    private readonly List<Func<InterludeDbContext, CancellationToken, Task>> statements = [];

    /// <summary>Whether a thread message is being handled in this scope (its writes wait for <see cref="Save"/>).</summary>
    public bool Open { get; private set; }

    /// <summary>The thread whose row this batch updates (version-checked), if it does.</summary>
    public Guid? UpdatedThread { get; set; }

    /// <summary>Starts collecting a message's writes; forgets what an earlier attempt collected.</summary>
    public void Begin()
    {
        Open = true;
        UpdatedThread = null;
        statements.Clear();
        db.ChangeTracker.Clear();
    }

    /// <summary>A set-based statement (a delete by condition) that commits with the batch, before the tracked changes.</summary>
    public void Add(Func<InterludeDbContext, CancellationToken, Task> statement) => statements.Add(statement);

    /// <summary>Writes everything collected in one transaction; the tracked changes are one batch with no savepoints.</summary>
    public Task Save(CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        return dialect.CommitBatch(db, new BatchShape(SingleSave: statements.Count == 0, UpdatedThread), Write, cancellationToken);
    }

    private async Task Write(CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            await statement(db, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
