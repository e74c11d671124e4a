namespace Interlude.AspNetCore;

/// <summary>
/// The permissions of Interlude's endpoints, as authorization policy names, and the roles that grant them.
/// <c>app.MapInterlude()</c> requires one on every endpoint but the inbox page's files, unless
/// <see cref="InterludeApiOptions.AllowAnonymous"/> is set.
/// </summary>
public static class InterludePermissions
{
    /// <summary>State, history, audit, the inbox and the event streams; granted by role <c>reader</c>.</summary>
    public const string Read = "interlude:read";

    /// <summary>Starting threads; granted by role <c>starter</c>.</summary>
    public const string Start = "interlude:start";

    /// <summary>Answering interrupts; granted by role <c>approver</c>.</summary>
    public const string Answer = "interlude:answer";

    /// <summary>Cancel, update state, replay, extend a deadline; granted by role <c>operator</c>.</summary>
    public const string Operate = "interlude:operate";

    /// <summary>Each permission and the role that grants it.</summary>
    public static IReadOnlyDictionary<string, string> Roles { get; } = new Dictionary<string, string>
    {
        [Read] = "reader",
        [Start] = "starter",
        [Answer] = "approver",
        [Operate] = "operator",
    };
}
