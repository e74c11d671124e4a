using Interlude.Sagas.Persistence;
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Interlude.EntityFrameworkCore.Outbox;

/// <summary>Outbox rows sent after commit and waiting to be deleted in the next batch.</summary>
internal sealed class DeliveredOutboxRows
{
    private readonly ConcurrentQueue<long> sequenceNumbers = new();

    // At most one pending signal: rows were added since the cleaner last waited.
    private readonly Channel<bool> added = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Add(IEnumerable<long> delivered)
    {
        foreach (var sequenceNumber in delivered)
        {
            sequenceNumbers.Enqueue(sequenceNumber);
        }

        added.Writer.TryWrite(true);
    }

    /// <summary>Completes when there are rows to delete (at once if there are), so that an idle cleaner sleeps.</summary>
    public async Task WaitForRows(CancellationToken cancellationToken)
    {
        while (sequenceNumbers.IsEmpty)
        {
            await added.Reader.ReadAsync(cancellationToken);
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
