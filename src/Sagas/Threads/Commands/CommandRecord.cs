namespace Interlude.Sagas.Threads.Commands;

/// <summary>
/// How the first command with a key was handled. <see cref="RequestHash"/> is null for keys recorded before
/// hashes existed and for message ids: such a record matches any command with the key.
/// </summary>
internal sealed record CommandRecord(string ThreadId, string Outcome, string? Message, string? RequestHash, DateTimeOffset CreatedAt)
{
    /// <summary>The outcome of a command that was applied.</summary>
    public const string Accepted = "accepted";

    /// <summary>Whether a command with <paramref name="requestHash"/> is a repeat of this one (else its key is reused).</summary>
    public bool Matches(string? requestHash) => RequestHash is null || requestHash is null || RequestHash == requestHash;
}
