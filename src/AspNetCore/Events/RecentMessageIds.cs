namespace Interlude.AspNetCore.Events;

/// <summary>
/// The ids of the last <see cref="Capacity"/> messages the hub fanned out, oldest forgotten first: a
/// re-sent event (the outbox sends again what a crash left undeleted, with the same id) is recognised
/// while its first delivery is among them, in bounded memory.
/// </summary>
internal sealed class RecentMessageIds(int capacity)
{
    private readonly HashSet<Guid> ids = new(capacity);
    private readonly Queue<Guid> order = new(capacity);
    private readonly Lock gate = new();

    public int Capacity => capacity;

    /// <summary>True if <paramref name="id"/> is among the recent ids.</summary>
    public bool Contains(Guid id)
    {
        lock (gate)
        {
            return ids.Contains(id);
        }
    }

    /// <summary>Remembers <paramref name="id"/>; false if it is among the recent ids already.</summary>
    public bool Add(Guid id)
    {
        lock (gate)
        {
            if (!ids.Add(id))
            {
                return false;
            }

            order.Enqueue(id);
            if (order.Count > capacity)
            {
                ids.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
