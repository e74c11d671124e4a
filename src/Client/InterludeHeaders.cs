namespace Interlude.Client;

/// <summary>Headers Interlude sets on the messages it sends.</summary>
public static class InterludeHeaders
{
    /// <summary>
    /// <c>true</c> on a message the outbox sweeper sends: its transaction committed and it was left in the
    /// outbox, either never sent (the process died first) or sent and not yet deleted. It may repeat an
    /// earlier delivery, with the same message id; a consumer that must not act twice dedupes by that id.
    /// </summary>
    public const string Resent = "Interlude-Resent";
}
