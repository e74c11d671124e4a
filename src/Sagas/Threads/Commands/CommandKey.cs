using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// The key a command is recognised by when it comes again: the idempotency key it names (<see cref="Named"/>),
/// else its message id. Thread commands are keyed per thread; starts in one key space of their own
/// (<see cref="StartScope"/>), so that a key names one start whichever thread id it gives.
/// </summary>
internal readonly record struct CommandKey(string Scope, string Key, bool Named)
{
    /// <summary>The scope of the keys of starts: no thread id can be it.</summary>
    public const string StartScope = "/threads";

    /// <summary>The key of <paramref name="message"/>: its idempotency key, else its message id; null when it has neither.</summary>
    public static CommandKey? Of(object message, Guid? messageId) =>
        NamedOf(message) ?? (messageId is { } id ? new CommandKey(ScopeOf(message), id.ToString("N"), Named: false) : null);

    /// <summary>The idempotency key <paramref name="message"/> names, if it is a command naming one.</summary>
    public static CommandKey? NamedOf(object message) =>
        NameOf(message) is { } key ? new CommandKey(ScopeOf(message), key, Named: true) : null;

    private static string? NameOf(object message) => message switch
    {
        StartThread m => m.IdempotencyKey,
        ResumeRequested m => m.IdempotencyKey,
        UpdateThreadState m => m.IdempotencyKey,
        ReplayThread m => m.IdempotencyKey,
        ExtendInterruptDeadline m => m.IdempotencyKey,
        CancelThread m => m.IdempotencyKey,
        _ => null,
    };

    private static string ScopeOf(object message) => message switch
    {
        StartThread => StartScope,
        ResumeRequested m => m.ThreadId,
        UpdateThreadState m => m.ThreadId,
        ReplayThread m => m.ThreadId,
        ExtendInterruptDeadline m => m.ThreadId,
        CancelThread m => m.ThreadId,
        _ => throw new ArgumentException($"{message.GetType().Name} is not a thread command.", nameof(message)),
    };
}
