using Interlude.Sagas.Nodes;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts Interlude on a MassTransit bus: <c>services.AddMassTransit(x => x.AddInterlude())</c>.</summary>
public static class InterludeBusRegistrationExtensions
{
    /// <summary>
    /// The thread saga, the node workers and the history and inbox queries on this bus. Call
    /// <c>services.AddInterlude(...)</c> too; its store decides where threads live.
    /// </summary>
    public static IBusRegistrationConfigurator AddInterlude(this IBusRegistrationConfigurator bus)
    {
        bus.AddInterludeThreads();
        bus.AddInterludeNodeWorkers();
        return bus;
    }

    /// <summary>Only the thread saga and the history and inbox queries (a process that runs no nodes).</summary>
    public static IBusRegistrationConfigurator AddInterludeThreads(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<GraphThreadStateMachine, GraphThreadState, GraphThreadStateDefinition>()
            .Repository(repository =>
            {
                // In-memory pieces are registered always (they are cheap); the store picks the repository per message.
                repository.TryAddSingleton(new IndexedSagaDictionary<GraphThreadState>());
                repository.RegisterSagaRepository<GraphThreadState, IndexedSagaDictionary<GraphThreadState>, InMemorySagaConsumeContextFactory<GraphThreadState>, ThreadSagaRepositoryContextFactory>();
                repository.RegisterQuerySagaRepository<GraphThreadState, ThreadSagaRepositoryContextFactory>();
                repository.RegisterLoadSagaRepository<GraphThreadState, ThreadSagaRepositoryContextFactory>();
            });
        bus.AddConsumer<ListInterruptsConsumer>();
        bus.AddConsumer<CountOpenInterruptsConsumer>();
        bus.AddConsumer<GetThreadHistoryConsumer>();
        bus.AddConsumer<GetThreadAuditConsumer>();
        return bus;
    }

    /// <summary>Only the node workers (a process that runs nodes for threads kept elsewhere).</summary>
    public static IBusRegistrationConfigurator AddInterludeNodeWorkers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ExecuteNodeConsumer, ExecuteNodeConsumerDefinition>();
        return bus;
    }
}
