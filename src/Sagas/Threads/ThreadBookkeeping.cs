using System.Text.Json;

namespace Interlude.Sagas.Threads;

/// <summary>A request waiting for the thread to pause or end.</summary>
internal sealed record ThreadWaiter(Uri ResponseAddress, Guid RequestId);

/// <summary>Reads and writes the saga's JSON bookkeeping column of waiting requests.</summary>
internal static class ThreadBookkeeping
{
    public static List<ThreadWaiter> ReadWaiters(this GraphThreadState thread) => Read<ThreadWaiter>(thread.Waiters);

    public static void AddWaiter(this GraphThreadState thread, ThreadWaiter waiter)
    {
        var waiters = thread.ReadWaiters();
        waiters.Add(waiter);
        thread.Waiters = JsonSerializer.Serialize(waiters);
    }

    public static void ClearWaiters(this GraphThreadState thread) => thread.Waiters = null;

    private static List<T> Read<T>(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<T>>(json) ?? [];
}
