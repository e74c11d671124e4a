using Interlude.Sagas.Telemetry;
using Interlude.Sagas.Threads;
using Interlude.Sagas.Threads.Commands;
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

    /// <summary>Memory is never out of reach.</summary>
    public bool IsOutage(Exception exception) => false;

    public Task<string?> RunningTasks(IServiceProvider scope, Guid correlationId, CancellationToken cancellationToken) =>
        Task.FromResult(scope.GetRequiredService<IndexedSagaDictionary<GraphThreadState>>()[correlationId]?.Instance.RunningTasks);

    public async Task<int> PurgeFinished(IServiceProvider scope, DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken)
    {
        var sagas = scope.GetRequiredService<IndexedSagaDictionary<GraphThreadState>>();
        var purged = new List<string>();
        await sagas.MarkInUse(cancellationToken).ConfigureAwait(false);
        try
        {
            Func<GraphThreadState, bool> old = t => FinishedStates.Names.Contains(t.CurrentState) && t.UpdatedAt < finishedBefore;
            foreach (var instance in sagas.Where(new SagaQuery<GraphThreadState>(t => old(t))).OrderBy(i => i.Instance.UpdatedAt).Take(batchSize).ToList())
            {
                // A thread a message holds is left for the next batch.
                await instance.MarkInUse(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!instance.IsRemoved && old(instance.Instance))
                    {
                        instance.Remove();
                        sagas.Remove(instance);
                        purged.Add(instance.Instance.ThreadId);
                    }
                }
                finally
                {
                    instance.Release();
                }
            }
        }
        finally
        {
            sagas.Release();
        }

        if (scope.GetRequiredService<IThreadJournal>() is InMemoryThreadJournal journal)
        {
            journal.Forget(purged);
        }

        if (scope.GetRequiredService<ICommandLedger>() is InMemoryCommandLedger ledger)
        {
            ledger.ForgetThreads(purged);
        }

        return purged.Count;
    }

    public void ConfigureThreadEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseInMemoryOutbox(context);

        // Inside the outbox: a message the saga handled without an error is kept; its measurements are
        // recorded before its events and answers leave, as on a database after commit.
        endpoint.UseFilter(new CommittedTelemetryFilter());
    }
}
