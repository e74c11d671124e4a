using Interlude.Client;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// What the ledger says of a command before it is handled: its key and content hash, the record of the
/// first command with that key (<see cref="Seen"/>: a repeat, answered with the first outcome), or why it
/// is refused (<see cref="Refusal"/>: a malformed key, or a key reused for other content).
/// </summary>
internal sealed record CommandRecall(CommandKey? Key, string? Hash, CommandRecord? Seen, Rejection? Refusal)
{
    public static async Task<CommandRecall> Of(object message, Guid? messageId, ICommandLedger ledger, CancellationToken cancellationToken)
    {
        if (CommandKey.Of(message, messageId) is not { } key)
        {
            return new CommandRecall(null, null, null, null);
        }

        if (key.Named && !IdempotencyKeys.IsValid(key.Key))
        {
            return new CommandRecall(null, null, null, new Rejection(RejectionReasons.Malformed, $"An idempotency key is 1 to {IdempotencyKeys.MaxLength} printable ASCII characters."));
        }

        var hash = key.Named ? RequestHash.Of(message) : null;
        var seen = await ledger.Find(key, cancellationToken).ConfigureAwait(false);
        return seen is not null && !seen.Matches(hash)
            ? new CommandRecall(key, hash, null, new Rejection(RejectionReasons.IdempotencyKeyReused, $"Idempotency key '{key.Key}' was used for a different request; nothing changed. A new request needs a new key."))
            : new CommandRecall(key, hash, seen, null);
    }

    /// <summary>Records the command as applied to <paramref name="threadId"/> (nothing when it has no key).</summary>
    public void RecordApplied(ICommandLedger ledger, string threadId, DateTimeOffset now)
    {
        if (Key is { } key)
        {
            ledger.Record(key, new CommandRecord(threadId, CommandRecord.Accepted, null, Hash, now));
        }
    }
}
