namespace Interlude.Workers.Hosting.Auth;

/// <summary>The stock host's authentication, from <c>Interlude:Auth</c>.</summary>
public sealed class HostAuthOptions
{
    /// <summary>API keys by caller name (<c>Interlude:Auth:ApiKeys:{name}</c>); the name is who the caller is.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>JWT bearer tokens (<c>Interlude:Auth:Jwt</c>).</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Allow anonymous callers on any address, on purpose (on loopback they are allowed when no auth is configured).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Whether any scheme is configured.</summary>
    public bool IsConfigured => ApiKeys.Count > 0 || Jwt.IsConfigured;
}

/// <summary>One API key: give <see cref="Key"/> or <see cref="KeyHash"/>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key itself, as sent in the <c>X-Api-Key</c> header.</summary>
    public string? Key { get; set; }

    /// <summary>The SHA-256 of the key (of its UTF-8 bytes), in hex: the configuration then holds no secret.</summary>
    public string? KeyHash { get; set; }

    /// <summary>The caller's roles, separated by commas or spaces: <c>reader</c>, <c>starter</c>, <c>approver</c>, <c>operator</c>, or roles an interrupt names as approvers.</summary>
    public string? Roles { get; set; }

    /// <summary><see cref="Roles"/> as a list.</summary>
    public IReadOnlyList<string> RoleList => (Roles ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>JWT bearer tokens, validated against an OpenID Connect authority.</summary>
public sealed class JwtOptions
{
    /// <summary>The token issuer (its OpenID Connect metadata and signing keys are read from there).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must name.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that holds roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that names the caller.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>Whether an authority is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
