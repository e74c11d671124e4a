using Interlude.AspNetCore;
using Interlude.AspNetCore.Events;
using Interlude.AspNetCore.Security;
using Interlude.AspNetCore.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>app.MapInterlude()</c> needs.</summary>
public static class InterludeApiRegistration
{
    /// <summary>
    /// The graph client and the event hub behind the HTTP API and its event streams, and the authorization
    /// policies of <see cref="InterludePermissions"/> (evaluated on the request's <c>ClaimsPrincipal</c>, so
    /// any authentication scheme the app configures works). <paramref name="configure"/> sets <see cref="InterludeApiOptions"/>.
    /// </summary>
    public static IServiceCollection AddInterludeApi(this IServiceCollection services, Action<InterludeApiOptions>? configure = null)
    {
        services.AddInterludeClient();
        var options = services.AddOptions<InterludeApiOptions>().BindConfiguration(InterludeApiOptions.Section).ValidateOnStart();
        services.TryAddSingleton<ThreadEventHub>();
        services.TryAddSingleton<OpenInterruptCheck>();

        // The open-interrupts gauge is the API's: every process that serves it reads the one inbox table.
        services.AddMetrics();
        services.AddOptions<InterludeTelemetryOptions>().BindConfiguration(InterludeTelemetryOptions.Section)
            .Validate(o => o.OpenInterruptsRefreshSeconds > 0, $"{InterludeTelemetryOptions.Section}:OpenInterruptsRefreshSeconds must be more than 0.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OpenInterruptsGauge>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddAuthentication();
        var authorization = services.AddAuthorizationBuilder();
        foreach (var (permission, role) in InterludePermissions.Roles)
        {
            authorization.AddPolicy(permission, policy => policy.AddRequirements(new PermissionRequirement(role)));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PermissionHandler>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, RefusalResultHandler>());
        return services;
    }

    /// <summary>
    /// The event streams' consumer on an endpoint of this process alone (a temporary queue named with an
    /// instance id), so every API process gets every event instead of competing for them. One message
    /// at a time keeps a thread's events in the order they were delivered.
    /// </summary>
    public static IBusRegistrationConfigurator AddInterludeEventStream(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ThreadEventsConsumer>().Endpoint(e =>
        {
            e.Name = "interlude-events";
            e.InstanceId = NewId.NextGuid().ToString("N")[..12];
            e.Temporary = true;
            e.ConcurrentMessageLimit = 1;
        });
        return bus;
    }
}
