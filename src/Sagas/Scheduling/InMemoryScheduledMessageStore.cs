using System.Collections.Concurrent;
using Interlude.Sagas.Persistence;

namespace Interlude.Sagas.Scheduling;

/// <summary>Scheduled messages of the in-memory saga repository (the test harness), lost with the process as its threads are.</summary>
internal sealed class InMemoryScheduledMessageStore : IScheduledMessageStore
{
    private readonly ConcurrentDictionary<Guid, ScheduledMessageRow> messages = new();

    public Task Add(ScheduledMessageRow row, CancellationToken cancellationToken)
    {
        messages[row.TokenId] = row;
        return Task.CompletedTask;
    }

    public Task Cancel(Guid tokenId, CancellationToken cancellationToken)
    {
        messages.TryRemove(tokenId, out _);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> NextDueAt(CancellationToken cancellationToken) =>
        Task.FromResult(messages.IsEmpty ? null : (DateTimeOffset?)messages.Values.Min(m => m.DueAt));

    public Task<int> CountWaiting(CancellationToken cancellationToken) => Task.FromResult(messages.Count);

    public async Task<int> DispatchDue(DateTimeOffset now, int batchSize, Func<ScheduledMessageRow, Task> send, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var row in messages.Values.Where(m => m.DueAt <= now).OrderBy(m => m.DueAt).Take(batchSize).ToList())
        {
            if (!messages.TryRemove(row.TokenId, out _))
            {
                continue;
            }

            try
            {
                await send(row);
                count++;
            }
            catch
            {
                messages.TryAdd(row.TokenId, row);
                throw;
            }
        }

        return count;
    }
}
