using System.Text.Json;

namespace Interlude.Sagas.Threads;

/// <summary>A request waiting for the thread to pause or end.</summary>
internal sealed record ThreadWaiter(Uri ResponseAddress, Guid RequestId);

/// <summary>How a command with a given idempotency key was handled: <c>accepted</c> or a rejection reason.</summary>
internal sealed record CommandOutcome(string Key, string Outcome, string? Message);

/// <summary>Reads and writes the saga's JSON bookkeeping columns.</summary>
internal static class ThreadBookkeeping
{
    public const string Accepted = "accepted";

    /// <summary>Enough to recognise a redelivery or a retried HTTP call; older keys fall off.</summary>
    private const int RememberedCommands = 64;

    public static List<ThreadWaiter> ReadWaiters(this GraphThreadState thread) => Read<ThreadWaiter>(thread.Waiters);

    public static void AddWaiter(this GraphThreadState thread, ThreadWaiter waiter)
    {
        var waiters = thread.ReadWaiters();
        waiters.Add(waiter);
        thread.Waiters = JsonSerializer.Serialize(waiters);
    }

    public static void ClearWaiters(this GraphThreadState thread) => thread.Waiters = null;

    public static CommandOutcome? FindCommand(this GraphThreadState thread, string key) =>
        Read<CommandOutcome>(thread.RecentCommands).Find(c => c.Key == key);

    public static void RecordCommand(this GraphThreadState thread, CommandOutcome outcome)
    {
        var commands = Read<CommandOutcome>(thread.RecentCommands);
        commands.Add(outcome);
        if (commands.Count > RememberedCommands)
        {
            commands.RemoveRange(0, commands.Count - RememberedCommands);
        }

        thread.RecentCommands = JsonSerializer.Serialize(commands);
    }

    private static List<T> Read<T>(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<T>>(json) ?? [];
}
