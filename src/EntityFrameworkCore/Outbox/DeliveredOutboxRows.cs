using Interlude.Sagas.Persistence;
using System.Collections.Concurrent;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>Outbox rows sent after commit and waiting to be deleted in the next batch.</summary>
internal sealed class DeliveredOutboxRows
{
    private readonly ConcurrentQueue<long> sequenceNumbers = new();

    public void Add(IEnumerable<long> delivered)
    {
        foreach (var sequenceNumber in delivered)
        {
            sequenceNumbers.Enqueue(sequenceNumber);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> sequence numbers.</summary>
    public List<long> Take(int max)
    {
        var batch = new List<long>();
        while (batch.Count < max && sequenceNumbers.TryDequeue(out var sequenceNumber))
        {
            batch.Add(sequenceNumber);
        }

        return batch;
    }
}
