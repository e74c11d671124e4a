using Interlude.Graph;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude.Sagas.Threads;

/// <summary>Registers the thread saga and what it needs.</summary>
public static class ThreadRegistration
{
    /// <summary>The graphs, the clock (the system clock unless one is registered) and the saga's runtime.</summary>
    public static IServiceCollection AddGraphRuntime(this IServiceCollection services, IEnumerable<CompiledGraph> graphs)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GraphCatalog(graphs));
        services.AddSingleton<ThreadRuntime>();
        services.TryAddSingleton<IThreadJournal, InMemoryThreadJournal>();
        return services;
    }

    /// <summary>The thread saga (in-memory repository) and the interrupt inbox query.</summary>
    public static IBusRegistrationConfigurator AddGraphThreads(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<GraphThreadStateMachine, GraphThreadState, GraphThreadStateDefinition>().InMemoryRepository();
        bus.AddConsumer<ListInterruptsConsumer>();
        bus.AddConsumer<GetThreadHistoryConsumer>();
        return bus;
    }
}
