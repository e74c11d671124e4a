using Interlude.AspNetCore;
using Interlude.AspNetCore.Events;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>app.MapInterlude()</c> needs.</summary>
public static class InterludeApiRegistration
{
    /// <summary>The graph client and the event hub behind the HTTP API and its event streams.</summary>
    public static IServiceCollection AddInterludeApi(this IServiceCollection services)
    {
        services.AddInterludeClient();
        services.AddOptions<InterludeApiOptions>().BindConfiguration(InterludeApiOptions.Section).ValidateOnStart();
        services.TryAddSingleton<ThreadEventHub>();
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
