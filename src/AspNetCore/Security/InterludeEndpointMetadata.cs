namespace Interlude.AspNetCore.Security;

/// <summary>Marks the endpoints <c>MapInterlude()</c> maps, so that their refusals (and only theirs) are problem+json.</summary>
internal sealed class InterludeEndpointMetadata
{
    public static InterludeEndpointMetadata Instance { get; } = new();
}
