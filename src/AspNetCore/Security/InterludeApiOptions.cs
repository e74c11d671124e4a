namespace Interlude.AspNetCore;

/// <summary>How <c>app.MapInterlude()</c> admits callers; set in <c>services.AddInterludeApi(o => ...)</c>.</summary>
public sealed class InterludeApiOptions
{
    /// <summary>
    /// Let every caller do everything, authenticated or not (commands then name whoever the request's
    /// <c>ClaimsPrincipal</c> names, if anyone). Off: each endpoint requires its <see cref="InterludePermissions"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}
