using MassTransit;

namespace Interlude.Workers.Api.Events;

/// <summary>Registers the event hub and its consumer.</summary>
public static class EventStreamRegistration
{
    public static IServiceCollection AddThreadEventHub(this IServiceCollection services) =>
        services.AddSingleton<ThreadEventHub>();

    /// <summary>
    /// The hub's consumer on an endpoint of this process alone (a temporary queue named with an
    /// instance id), so every API process gets every event instead of competing for them. One
    /// message at a time keeps a thread's events in the order they were delivered.
    /// </summary>
    public static IBusRegistrationConfigurator AddThreadEventStream(this IBusRegistrationConfigurator bus)
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
