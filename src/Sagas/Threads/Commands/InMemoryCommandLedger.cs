using System.Collections.Concurrent;

namespace Interlude.Sagas.Threads.Commands;

/// <summary>The ledger of the in-memory store: named keys and message ids alike (it has no inbox), kept in this process.</summary>
internal sealed class InMemoryCommandLedger : ICommandLedger
{
    private readonly ConcurrentDictionary<(string Scope, string Key), CommandRecord> records = new();

    public ValueTask<CommandRecord?> Find(CommandKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(records.TryGetValue((key.Scope, key.Key), out var record) ? record : null);

    // The first record wins: the saga handles one message of a thread at a time, and a start keyed in the
    // shared scope that lost a race to another thread is the other one's repeat.
    public void Record(CommandKey key, CommandRecord record) => records.TryAdd((key.Scope, key.Key), record);

    public Task<int> ForgetRecordedBefore(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        Task.FromResult(Remove(r => r.CreatedAt < before, batchSize));

    /// <summary>Forgets the keys of purged threads.</summary>
    public void ForgetThreads(IReadOnlyCollection<string> threadIds)
    {
        var purged = threadIds.ToHashSet(StringComparer.Ordinal);
        Remove(r => purged.Contains(r.ThreadId), int.MaxValue);
    }

    private int Remove(Func<CommandRecord, bool> which, int most)
    {
        var removed = 0;
        foreach (var (key, _) in records.Where(r => which(r.Value)).Take(most).ToList())
        {
            removed += records.TryRemove(key, out _) ? 1 : 0;
        }

        return removed;
    }
}
