using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.EntityFrameworkCore;

/// <summary>Threads in the database: the EF Core saga repository, and one transaction per message with inbox and outbox.</summary>
internal sealed class EfThreadStore(IDatabaseDialect dialect) : IThreadStore
{
    public bool IsOutage(Exception exception) => StoreOutage.Wraps(exception, dialect.IsTransient);

    public ISagaRepositoryContextFactory<GraphThreadState> Repository(IServiceProvider scope) =>
        scope.GetRequiredService<EfSagaRepositoryContextFactory>();

    public Task<string?> RunningTasks(IServiceProvider scope, Guid correlationId, CancellationToken cancellationToken) =>
        scope.GetRequiredService<CompiledQueries>().RunningTasks(scope.GetRequiredService<InterludeDbContext>(), correlationId, cancellationToken);

    public Task<int> PurgeFinished(IServiceProvider scope, DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken) =>
        FinishedThreadPurge.Run(scope.GetRequiredService<InterludeDbContext>(), finishedBefore, batchSize, cancellationToken);

    public void ConfigureThreadEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseThreadTransactions(context);
}
