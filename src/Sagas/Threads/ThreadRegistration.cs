using Interlude.Graph;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude.Sagas.Threads;

/// <summary>Registers the thread saga and what it needs.</summary>
public static class ThreadRegistration
{
    /// <summary>The graphs, the clock (the system clock unless one is registered), the scheduler and the saga's runtime.</summary>
    public static IServiceCollection AddGraphRuntime(this IServiceCollection services, IEnumerable<CompiledGraph> graphs)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GraphCatalog(graphs));
        services.AddSingleton<ThreadRuntime>();
        services.TryAddSingleton<IThreadJournal, InMemoryThreadJournal>();
        services.TryAddSingleton(new ThreadStorageOptions());
        services.TryAddSingleton(new ThreadEndpoints());
        services.AddThreadScheduler();
        return services;
    }

    /// <summary>
    /// The thread saga, on the database when <see cref="PersistenceRegistration.AddThreadDatabase"/> was
    /// called (else MassTransit's in-memory repository), and the history and inbox queries.
    /// </summary>
    public static IBusRegistrationConfigurator AddGraphThreads(this IBusRegistrationConfigurator bus)
    {
        var saga = bus.AddSagaStateMachine<GraphThreadStateMachine, GraphThreadState, GraphThreadStateDefinition>();
        if (bus.Any(d => d.ServiceType == typeof(ThreadStorageOptions) && d.ImplementationInstance is ThreadStorageOptions { Durable: true }))
        {
            saga.UseThreadDatabase();
        }
        else
        {
            saga.InMemoryRepository();
        }

        bus.AddConsumer<ListInterruptsConsumer>();
        bus.AddConsumer<GetThreadHistoryConsumer>();
        return bus;
    }
}
