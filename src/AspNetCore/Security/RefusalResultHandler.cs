using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Logging;

namespace Interlude.AspNetCore.Security;

/// <summary>
/// An Interlude endpoint's refusal: <c>401 unauthenticated</c> (after the schemes' challenges, which set
/// <c>WWW-Authenticate</c>) or <c>403 forbidden</c>, both problem+json, and a line in the log. Other
/// endpoints get ASP.NET Core's default handling.
/// </summary>
internal sealed class RefusalResultHandler(IAuthenticationSchemeProvider schemes, ILogger<RefusalResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<InterludeEndpointMetadata>() is null)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var request = $"{context.Request.Method} {context.Request.Path}";
        if (authorizeResult.Challenged)
        {
            await Challenge(context, policy);
            logger.LogWarning("Refused {Request}: no valid credential (401 unauthenticated).", request);
            await Problems.Status(StatusCodes.Status401Unauthorized, Problems.Unauthenticated, "A valid credential is required (such as an API key in the X-Api-Key header, or a bearer token).").ExecuteAsync(context);
            return;
        }

        var needed = policy.Requirements.OfType<PermissionRequirement>().Select(r => r.Role).FirstOrDefault();
        logger.LogWarning("Refused {Request} for {Caller}: lacks role {Role} (403 forbidden).", request, context.User.Identity?.Name, needed);
        await Problems.Status(StatusCodes.Status403Forbidden, Problems.Forbidden, $"'{context.User.Identity?.Name}' may not do this: it needs role '{needed}'.").ExecuteAsync(context);
    }

    /// <summary>Challenges the policy's schemes, else the default challenge scheme if the app has one.</summary>
    private async Task Challenge(HttpContext context, AuthorizationPolicy policy)
    {
        if (policy.AuthenticationSchemes.Count > 0)
        {
            foreach (var scheme in policy.AuthenticationSchemes)
            {
                await context.ChallengeAsync(scheme);
            }
        }
        else if (await schemes.GetDefaultChallengeSchemeAsync() is not null)
        {
            await context.ChallengeAsync();
        }
    }
}
