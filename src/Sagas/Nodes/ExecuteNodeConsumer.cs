using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;

namespace Interlude.Sagas.Nodes;

/// <summary>
/// Runs one task of a thread and reports how it ended. An exception from the node propagates, so the
/// endpoint's retry policy runs it again; past the policy, MassTransit's <c>Fault&lt;ExecuteNode&gt;</c>
/// fails the thread. A task whose result the thread already has (a redelivered message) is not run again.
/// Each run gets a DI scope of its own (the runner creates it), so class nodes take scoped services.
/// </summary>
internal sealed class ExecuteNodeConsumer(GraphCatalog catalog, TimeProvider time, ILoadSagaRepository<GraphThreadState> threads, IServiceProvider services) : IConsumer<ExecuteNode>
{
    public async Task Consume(ConsumeContext<ExecuteNode> context)
    {
        var message = context.Message;
        if (!await IsAwaited(message))
        {
            return;
        }

        var graph = catalog.Find(message.Graph);
        var outcome = graph is null
            ? new TaskOutcome { TaskId = message.TaskId, Kind = TaskOutcomeKind.Failed, Error = $"This worker has no graph named '{message.Graph}'." }
            : await TaskRunner.RunAsync(graph, message.ToTaskRequest(time.GetUtcNow()), context.CancellationToken, services);
        await context.Publish(outcome.ToNodeExecuted(message));
    }

    /// <summary>Whether the thread still waits for this task's result.</summary>
    private async Task<bool> IsAwaited(ExecuteNode message)
    {
        var thread = await threads.Load(ThreadIdentity.ToGuid(message.ThreadId));
        return thread is not null
            && ThreadCheckpoint.FromJson(thread.Checkpoint).Tasks.Exists(t => t.Id == message.TaskId && t.Status == GraphTaskStatus.Running);
    }
}
