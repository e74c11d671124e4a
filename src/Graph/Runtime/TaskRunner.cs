using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>
/// Runs one task of a graph: the node, then its routing on the state with its own writes applied.
/// Exceptions thrown by the node propagate (the host's retry policy decides); mistakes in the graph's
/// use (a goto to no node, a write to no channel) fail the task with a clear error.
/// </summary>
public static class TaskRunner
{
    public static async Task<TaskOutcome> RunAsync(CompiledGraph graph, TaskRequest request, CancellationToken cancellationToken)
    {
        if (!graph.Nodes.TryGetValue(request.Node, out var node))
        {
            return Failed(request, $"Graph '{graph.Name}' has no node '{request.Node}'.");
        }

        var journal = (JsonObject)request.Journal.DeepClone();
        var path = request.ParentPath.Append($"{request.Node}:{request.TaskId}").ToArray();
        var scope = new TaskScope(graph, request.ThreadId, request.TaskId, request.Node, path, request.Resume, journal, request.Now, cancellationToken);

        NodeResult result;
        try
        {
            result = await node.Run((JsonObject)request.Values.DeepClone(), new NodeContext(scope)).ConfigureAwait(false);
        }
        catch (GraphInterruptException) when (scope.Raised.Count > 0)
        {
            return Interrupted(request, scope);
        }

        // A node that swallowed the interrupt signal still pauses.
        if (scope.Raised.Count > 0)
        {
            return Interrupted(request, scope);
        }

        try
        {
            var ownView = graph.Channels.Apply(request.Values, [(request.Node, result.Writes)]);
            var routes = graph.Successors(request.Node, ownView, result.GotoTargets);
            return new TaskOutcome
            {
                TaskId = request.TaskId,
                Kind = TaskOutcomeKind.Completed,
                Writes = result.Writes,
                Routes = routes,
                Journal = journal,
            };
        }
        catch (Exception e) when (e is InvalidUpdateException or UnknownNodeException)
        {
            return Failed(request, e.Message);
        }
    }

    private static TaskOutcome Interrupted(TaskRequest request, TaskScope scope) => new()
    {
        TaskId = request.TaskId,
        Kind = TaskOutcomeKind.Interrupted,
        Journal = scope.Journal,
        Interrupts = scope.Raised,
    };

    private static TaskOutcome Failed(TaskRequest request, string error) => new()
    {
        TaskId = request.TaskId,
        Kind = TaskOutcomeKind.Failed,
        Error = error,
    };
}
