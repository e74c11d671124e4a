using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Sagas.Persistence;

/// <summary>Threads in this process only (tests, demos): MassTransit's in-memory saga repository and its in-memory outbox.</summary>
internal sealed class InMemoryThreadStore : IThreadStore
{
    public ISagaRepositoryContextFactory<GraphThreadState> Repository(IServiceProvider scope) =>
        new InMemorySagaRepositoryContextFactory<GraphThreadState>(
            scope.GetRequiredService<IndexedSagaDictionary<GraphThreadState>>(),
            scope.GetRequiredService<ISagaConsumeContextFactory<IndexedSagaDictionary<GraphThreadState>, GraphThreadState>>());

    public Task<string?> RunningTasks(IServiceProvider scope, Guid correlationId, CancellationToken cancellationToken) =>
        Task.FromResult(scope.GetRequiredService<IndexedSagaDictionary<GraphThreadState>>()[correlationId]?.Instance.RunningTasks);

    public void ConfigureThreadEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseInMemoryOutbox(context);
}
