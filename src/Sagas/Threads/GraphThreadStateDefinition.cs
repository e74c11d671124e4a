using Interlude.Contracts;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Telemetry;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>
/// The thread saga's endpoint: messages of one thread one at a time per host (partitioned by thread
/// id), Interlude's scheduler, retry for concurrency conflicts between hosts, and an outbox so nothing
/// the saga sends or schedules leaves before its state is saved.
/// </summary>
internal sealed class GraphThreadStateDefinition : SagaDefinition<GraphThreadState>
{
    /// <summary>How many threads' messages the thread endpoint handles at once (each thread's one at a time).</summary>
    private const int ThreadPartitions = 64;

    private readonly IThreadStore store;

    public GraphThreadStateDefinition(IThreadStore store, ThreadEndpoints endpoints)
    {
        this.store = store;
        EndpointName = endpoints.Threads;

        // As many messages in flight as there are partitions: the transport's default (a few per core)
        // would otherwise cap them below that.
        ConcurrentMessageLimit = ThreadPartitions;
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<GraphThreadState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseThreadScheduler(context);
        // Every database error here is the store's: an outage is waited out (inside); anything else (a
        // concurrency conflict between hosts) gets a few quick tries, then the message is parked in _error
        // with MassTransit's retry headers, which only the outermost retry writes.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(store.IsOutage);
            r.Intervals(10, 50, 100, 250, 500, 1000);
        });
        endpointConfigurator.UseOutageRetry(store.IsOutage, context);
        endpointConfigurator.UseFilter(new ThreadTransactionSpanFilter());
        store.ConfigureThreadEndpoint(endpointConfigurator, context);

        // A thread message waits on the database (a round trip, or its group's commit on SQLite), not on a
        // core: many partitions keep many threads' messages in flight (and SQLite's groups full), each
        // thread's still one at a time and in order.
        var partition = endpointConfigurator.CreatePartitioner(ThreadPartitions);
        sagaConfigurator.Message<GetThreadState>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<StartThread>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<NodeExecuted>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<Fault<ExecuteNode>>(m => m.UsePartitioner(partition, c => c.Message.Message.ThreadId));
        sagaConfigurator.Message<ResumeRequested>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<UpdateThreadState>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<CancelThread>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<RedispatchTasks>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<ReplayThread>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<ExtendInterruptDeadline>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
        sagaConfigurator.Message<InterruptTimeoutExpired>(m => m.UsePartitioner(partition, c => c.Message.ThreadId));
    }
}
