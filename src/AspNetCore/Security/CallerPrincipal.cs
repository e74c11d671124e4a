using Interlude.Client;
using Microsoft.AspNetCore.Authorization;

namespace Interlude.AspNetCore.Security;

/// <summary>The request's caller as commands carry it: the authenticated name and the role claims.</summary>
internal static class CallerPrincipal
{
    /// <summary>The caller; <see cref="ThreadPrincipal.Anonymous"/> when the request is not authenticated.</summary>
    public static ThreadPrincipal Caller(this HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ThreadPrincipal.Anonymous;
        }

        var roles = user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal);
        return new ThreadPrincipal(user.Identity.Name, [.. roles]) { Scheme = user.Identity.AuthenticationType };
    }

    /// <summary>The graph client acting for the request's caller.</summary>
    public static IGraphClient ForCaller(this IGraphClient client, HttpContext http) => client.As(http.Caller());

    /// <summary>Whether the request's caller has <paramref name="permission"/> (one of <see cref="InterludePermissions"/>).</summary>
    public static async Task<bool> Has(this HttpContext http, string permission) =>
        (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, permission)).Succeeded;
}
