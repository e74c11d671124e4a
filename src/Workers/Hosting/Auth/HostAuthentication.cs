using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Interlude.Workers.Hosting.Auth;

/// <summary>
/// The stock host's schemes from <c>Interlude:Auth</c>: API keys (<c>X-Api-Key</c>) and JWT bearer tokens,
/// behind one default scheme that picks by the request's headers; and the rule for anonymous callers.
/// </summary>
internal static class HostAuthentication
{
    private const string SelectorScheme = "Interlude";

    /// <summary>
    /// Registers the schemes and the API's options. With no scheme configured, anonymous callers are allowed
    /// when every listen address is loopback (with one warning at start-up) or <c>Interlude:Auth:AllowAnonymous</c>
    /// is true; otherwise <see cref="InterludeConfigurationException"/>.
    /// </summary>
    public static void AddInterludeHostAuthentication(this WebApplicationBuilder builder, HostAuthOptions auth)
    {
        var addresses = ListenAddresses.Of(builder.Configuration, InterludeHostExtensions.DefaultUrls);
        var exposed = addresses.Where(a => !ListenAddresses.IsLoopback(a)).ToList();
        if (!auth.IsConfigured && exposed.Count > 0 && !auth.AllowAnonymous)
        {
            throw new InterludeConfigurationException([
                $"No authentication is configured and the host listens on {string.Join(", ", exposed)}, which is not loopback: anyone could answer its approvals. " +
                "Configure Interlude:Auth:ApiKeys:{name}:Key (or :KeyHash) and :Roles, or Interlude:Auth:Jwt:Authority and :Audience; " +
                "or set Interlude:Auth:AllowAnonymous=true to allow anonymous callers on purpose."]);
        }

        var anonymous = auth.AllowAnonymous || !auth.IsConfigured;
        builder.Services.AddInterludeApi(o => o.AllowAnonymous = anonymous);
        if (anonymous)
        {
            builder.Services.AddHostedService(services => new AnonymousAccessWarning(
                services.GetRequiredService<ILogger<AnonymousAccessWarning>>(),
                auth.AllowAnonymous ? "Interlude:Auth:AllowAnonymous is true" : $"no authentication is configured and every listen address is loopback ({string.Join(", ", addresses)})"));
        }

        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                auth.Jwt.IsConfigured && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o =>
                o.Keys.AddRange(auth.ApiKeys.Select(k => new ApiKeyCredential(k.Key, Hash(k.Value), k.Value.RoleList))));
        if (auth.Jwt.IsConfigured)
        {
            authentication.AddJwtBearer(o =>
            {
                o.Authority = auth.Jwt.Authority;
                o.Audience = auth.Jwt.Audience;

                // Metadata over plain HTTP only from the machine itself (a development identity provider):
                // nothing on the network can alter what it answers.
                o.RequireHttpsMetadata = !(auth.Jwt.Authority!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && ListenAddresses.IsLoopback(auth.Jwt.Authority));
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = auth.Jwt.RoleClaim;
                o.TokenValidationParameters.NameClaimType = auth.Jwt.NameClaim;

                // The scheme the audit records (the handler would otherwise say "AuthenticationTypes.Federation").
                o.TokenValidationParameters.AuthenticationType = JwtBearerDefaults.AuthenticationScheme;
            });
        }
    }

    private static byte[] Hash(ApiKeyOptions key) =>
        key.KeyHash is { Length: > 0 } hex ? Convert.FromHexString(hex) : SHA256.HashData(Encoding.UTF8.GetBytes(key.Key!));

    /// <summary>Says once, at start-up, that anonymous callers may do everything, and why.</summary>
    private sealed class AnonymousAccessWarning(ILogger<AnonymousAccessWarning> logger, string why) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("Anonymous callers may use the Interlude API ({Why}); configure Interlude:Auth before listening on other addresses.", why);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
