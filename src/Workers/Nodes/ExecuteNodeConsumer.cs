using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;

namespace Interlude.Workers.Nodes;

/// <summary>
/// Runs one task of a thread and reports how it ended. An exception from the node propagates, so the
/// endpoint's retry policy runs it again; past the policy, MassTransit's <c>Fault&lt;ExecuteNode&gt;</c>
/// fails the thread.
/// </summary>
public sealed class ExecuteNodeConsumer(GraphCatalog catalog, TimeProvider time) : IConsumer<ExecuteNode>
{
    public async Task Consume(ConsumeContext<ExecuteNode> context)
    {
        var message = context.Message;
        var graph = catalog.Find(message.Graph);
        var outcome = graph is null
            ? new TaskOutcome { TaskId = message.TaskId, Kind = TaskOutcomeKind.Failed, Error = $"This worker has no graph named '{message.Graph}'." }
            : await TaskRunner.RunAsync(graph, message.ToTaskRequest(time.GetUtcNow()), context.CancellationToken);
        await context.Publish(outcome.ToNodeExecuted(message));
    }
}
