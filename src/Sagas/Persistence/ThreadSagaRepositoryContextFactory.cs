using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Saga;

namespace Interlude.Sagas.Persistence;

/// <summary>The thread saga's repository as MassTransit resolves it per message: whatever the registered <see cref="IThreadStore"/> provides.</summary>
internal sealed class ThreadSagaRepositoryContextFactory(IServiceProvider scope, IThreadStore store)
    : ISagaRepositoryContextFactory<GraphThreadState>,
      IQuerySagaRepositoryContextFactory<GraphThreadState>,
      ILoadSagaRepositoryContextFactory<GraphThreadState>
{
    private readonly ISagaRepositoryContextFactory<GraphThreadState> inner = store.Repository(scope);

    public void Probe(ProbeContext context) => inner.Probe(context);

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<GraphThreadState, T>> next)
        where T : class => inner.Send(context, next);

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<GraphThreadState> query, IPipe<SagaRepositoryQueryContext<GraphThreadState, T>> next)
        where T : class => inner.SendQuery(context, query, next);

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<GraphThreadState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => ((ILoadSagaRepositoryContextFactory<GraphThreadState>)inner).Execute(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<GraphThreadState>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => ((IQuerySagaRepositoryContextFactory<GraphThreadState>)inner).Execute(asyncMethod, cancellationToken);
}
