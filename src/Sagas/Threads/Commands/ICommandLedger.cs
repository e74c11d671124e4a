namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// The commands a store remembers by key, so that a retried or redelivered command applies nothing again.
/// Only applied commands are recorded: a refused one changed nothing, and its key stays unused.
/// </summary>
internal interface ICommandLedger
{
    /// <summary>The record of the command first handled with <paramref name="key"/>, or null.</summary>
    ValueTask<CommandRecord?> Find(CommandKey key, CancellationToken cancellationToken);

    /// <summary>Records an applied command; it is stored with the rest of the message's changes.</summary>
    void Record(CommandKey key, CommandRecord record);

    /// <summary>Forgets up to <paramref name="batchSize"/> keys recorded before <paramref name="before"/>; returns how many.</summary>
    Task<int> ForgetRecordedBefore(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);
}
