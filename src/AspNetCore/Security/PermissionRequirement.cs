using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Interlude.AspNetCore.Security;

/// <summary>One of <see cref="InterludePermissions"/>: met by its role, or by anyone when <see cref="InterludeApiOptions.AllowAnonymous"/> is set.</summary>
internal sealed record PermissionRequirement(string Role) : IAuthorizationRequirement;

/// <summary>Decides <see cref="PermissionRequirement"/> on the request's <c>ClaimsPrincipal</c> (roles from its role claims).</summary>
internal sealed class PermissionHandler(IOptions<InterludeApiOptions> options) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (options.Value.AllowAnonymous || (context.User.Identity?.IsAuthenticated == true && context.User.IsInRole(requirement.Role)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
