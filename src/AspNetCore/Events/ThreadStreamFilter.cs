using Interlude.Contracts;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Drops what a thread stream's opening snapshot already shows. The stream subscribes before it reads
/// the snapshot, so events from just before the snapshot may arrive after it: an interrupt raised that
/// the snapshot already lists, a resolution of an interrupt the snapshot no longer lists, a step at or
/// before the snapshot's step (until the thread has visibly moved on), duplicates of any of these,
/// and a reminder of an interrupt that is no longer open.
/// </summary>
internal sealed class ThreadStreamFilter(ThreadStateSnapshot snapshot)
{
    private readonly HashSet<string> raised = [.. snapshot.Interrupts.Select(i => i.Id)];
    private readonly HashSet<string> open = [.. snapshot.Interrupts.Select(i => i.Id)];
    private readonly HashSet<string> checkpoints = [snapshot.CheckpointId];
    private bool moved;

    public bool Accept(ThreadEvent threadEvent) => threadEvent.Message switch
    {
        InterruptRaised m => raised.Add(m.Interrupt.Id) && open.Add(m.Interrupt.Id) && Moved(),
        InterruptResolved m => open.Remove(m.InterruptId) && Moved(),

        // A reminder of an interrupt the stream has seen close is late news.
        InterruptReminderDue m => open.Contains(m.InterruptId),
        StepCompleted m => (moved || m.Step > snapshot.Step) && checkpoints.Add(m.CheckpointId) && Moved(),
        _ => true,
    };

    private bool Moved() => moved = true;
}
