using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Saga;

namespace Interlude.Sagas.Persistence;

/// <summary>
/// Where threads live: the in-memory store unless a database package's <c>Use...</c> registered its own.
/// Chosen by the container when a message arrives, so the order of registrations does not matter.
/// </summary>
internal interface IThreadStore
{
    /// <summary>
    /// The saga repository of one message scope. It also implements the load and query repository
    /// interfaces (<see cref="ILoadSagaRepositoryContextFactory{TSaga}"/>, <see cref="IQuerySagaRepositoryContextFactory{TSaga}"/>).
    /// </summary>
    ISagaRepositoryContextFactory<GraphThreadState> Repository(IServiceProvider scope);

    /// <summary>
    /// The thread's <see cref="GraphThreadState.RunningTasks"/>, or null when there is no such thread: one
    /// read of one small column, so a node worker checks a task without loading the thread's checkpoint.
    /// </summary>
    Task<string?> RunningTasks(IServiceProvider scope, Guid correlationId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> completed, failed or cancelled threads last changed before
    /// <paramref name="finishedBefore"/>, with everything kept for them (history, interrupts, resolutions,
    /// audit and idempotency keys), at once; a thread that ran again meanwhile (a replay) is kept. Returns how many it deleted.
    /// </summary>
    Task<int> PurgeFinished(IServiceProvider scope, DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="exception"/> says the store cannot be reached for now (a connection refused or
    /// dropped, a server restarting): the work is retried as it stands until the store answers.
    /// </summary>
    bool IsOutage(Exception exception);

    /// <summary>What the thread saga's endpoint needs around each message (a transaction, an outbox).</summary>
    void ConfigureThreadEndpoint(IReceiveEndpointConfigurator endpoint, IRegistrationContext context);
}
