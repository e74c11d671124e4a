using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.Sagas.Nodes;

/// <summary>
/// Runs one task of a thread, and the chain of steps that follows it when the thread allows one (see
/// <see cref="TaskChain"/>), and reports how they ended in one <see cref="NodeExecuted"/>. An exception
/// from the task's node propagates, so the endpoint's retry policy runs it again; past the policy,
/// MassTransit's <c>Fault&lt;ExecuteNode&gt;</c> fails the thread, unless this worker lacks the task's graph
/// version (<see cref="GraphVersionUnavailableException"/>); a store it cannot reach to check the task is
/// waited out (<see cref="StoreUnavailableException"/>). A task whose result the thread already
/// has (a redelivered message) is not run again. Each run gets a DI scope of its own (the runner creates
/// it), so class nodes take scoped services.
/// </summary>
internal sealed class ExecuteNodeConsumer(GraphCatalog catalog, TimeProvider time, IThreadStore store, IOptions<InterludeOptions> options, IServiceProvider services, ILogger<ExecuteNodeConsumer> logger) : IConsumer<ExecuteNode>
{
    public async Task Consume(ConsumeContext<ExecuteNode> context)
    {
        var message = context.Message;
        var running = await RunningTasks(message.ThreadId, context.CancellationToken);
        if (!RunningTaskList.Contains(running, message.TaskId))
        {
            logger.LogDebug("Task {TaskId} of thread {ThreadId} is not running (its result is stored or the thread moved on): the message is a repeat, the node does not run.", message.TaskId, message.ThreadId);
            return;
        }

        // Not a failure of the task: it waits, retried then parked in _error, for a worker with the version.
        var graph = catalog.Find(message.Graph, message.GraphVersion) ?? throw new GraphVersionUnavailableException(message.Graph, message.GraphVersion);
        var request = message.ToTaskRequest(time.GetUtcNow());
        var outcome = await NodeRun.RunAsync(graph, request, services, context.CancellationToken);
        IReadOnlyList<ChainedStep> chained = message.Revision is { } revision
            ? await new TaskChain(graph, options.Value.Nodes, time, services).RunAsync(request, revision, outcome, context.CancellationToken)
            : [];
        await context.Publish(outcome.ToNodeExecuted(message, chained));
    }

    private async Task<string?> RunningTasks(string threadId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.RunningTasks(services, ThreadIdentity.ToGuid(threadId), cancellationToken);
        }
        catch (Exception e) when (store.IsOutage(e))
        {
            throw new StoreUnavailableException(e);
        }
    }
}
