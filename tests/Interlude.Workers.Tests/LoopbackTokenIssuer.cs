using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interlude.Workers.Tests;

/// <summary>
/// A tiny OpenID Connect issuer on a free loopback port: its discovery document and signing key (JWKS),
/// as a real identity provider serves them, and tokens signed with that key.
/// </summary>
public sealed class LoopbackTokenIssuer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RsaSecurityKey key;

    private LoopbackTokenIssuer(WebApplication app, RsaSecurityKey key, string authority)
    {
        this.app = app;
        this.key = key;
        Authority = authority;
    }

    /// <summary>The issuer's address: the host's <c>Interlude:Auth:Jwt:Authority</c>, and every token's <c>iss</c>.</summary>
    public string Authority { get; }

    public static async Task<LoopbackTokenIssuer> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        var app = builder.Build();
        var authority = "";
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string> { ["issuer"] = authority, ["jwks_uri"] = authority + "/jwks" }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId, n = jwk.N, e = jwk.E } } }));
        await app.StartAsync();
        authority = app.Urls.First();
        return new LoopbackTokenIssuer(app, key, authority);
    }

    /// <summary>A token for <paramref name="subject"/> with <paramref name="roles"/>, signed by this issuer unless <paramref name="signed"/> is false.</summary>
    public string Token(string subject, string audience, string[] roles, DateTime? expires = null, bool signed = true)
    {
        var claims = new Dictionary<string, object> { ["roles"] = roles };
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = signed ? new SigningCredentials(key, SecurityAlgorithms.RsaSha256) : null,
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
