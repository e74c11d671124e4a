using Interlude.Sagas.Persistence.Outbox;
using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude.Sagas.Scheduling;

/// <summary>Registers Interlude's scheduler: MassTransit's scheduler on the scheduled-message store, and the dispatcher.</summary>
internal static class SchedulingRegistration
{
    public static IServiceCollection AddThreadScheduler(this IServiceCollection services)
    {
        services.TryAddSingleton<IScheduledMessageStore, InMemoryScheduledMessageStore>();
        services.TryAddSingleton<OutboxDelivery>();
        services.TryAddSingleton<SchedulerWakeUp>();
        services.TryAddScoped<IScheduleMessageProvider, StoredScheduleMessageProvider>();

        // Registered so that MassTransit's test harness does not add its delayed (real-time) scheduler.
        services.TryAddScoped<IMessageScheduler>(provider =>
            new MessageScheduler(provider.GetRequiredService<IScheduleMessageProvider>(), provider.GetRequiredService<IBus>().Topology));
        services.AddHostedService<ScheduledMessageDispatcher>();
        return services;
    }

    /// <summary>Gives the endpoint's messages the scheduler (put it before the outbox, which re-binds it to the transaction).</summary>
    internal static void UseThreadScheduler(this IConsumePipeConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseFilter(new ThreadSchedulerFilter(context));
}
