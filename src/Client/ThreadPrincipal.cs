namespace Interlude.Client;

/// <summary>
/// Who sends a command: their name (recorded as <c>By</c>, and as the thread's <c>StartedBy</c> on a start)
/// and roles (checked by interrupts that name approvers). Over HTTP it is the authenticated caller.
/// </summary>
/// <param name="Name">The caller's name; null when nobody is named (an anonymous caller).</param>
/// <param name="Roles">The caller's roles.</param>
public sealed record ThreadPrincipal(string? Name, IReadOnlyList<string> Roles)
{
    /// <summary>Nobody named, no roles: what a client that states no principal sends.</summary>
    public static ThreadPrincipal Anonymous { get; } = new(null, []);

    /// <summary>The authentication scheme the caller came by (such as <c>ApiKey</c>), for the audit; null when none.</summary>
    public string? Scheme { get; init; }
}
