using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Graph.Runtime;

/// <summary>
/// Runs one task of a graph: the node, then its routing on the state with its own writes applied.
/// Exceptions thrown by the node propagate (the host's retry policy decides); mistakes in the graph's
/// use (a goto to no node, a write to no channel, a class node whose constructor needs a service the
/// run's scope lacks) fail the task with a clear error.
/// </summary>
public static class TaskRunner
{
    /// <summary>Runs the task <paramref name="request"/> names on <paramref name="graph"/> and says how it ended.</summary>
    /// <param name="graph">The graph the task belongs to.</param>
    /// <param name="request">The node, its state snapshot, its recorded answers and its journal.</param>
    /// <param name="cancellationToken">Given to the node as <see cref="NodeContext.CancellationToken"/>.</param>
    /// <param name="services">
    /// The application's root service provider (one that can create scopes, such as the container's).
    /// The runner creates one DI scope from it per call, that is per task run, gives that scope's
    /// provider to the node as <see cref="NodeContext.Services"/> (class nodes are created from it, and
    /// the nodes of any subgraph the task runs share it) and disposes the scope asynchronously when the
    /// run ends. When null no scope is created and the node gets an empty provider.
    /// </param>
    /// <returns>Completed (writes and routes), interrupted (the open interrupts) or failed (why).</returns>
    public static async Task<TaskOutcome> RunAsync(CompiledGraph graph, TaskRequest request, CancellationToken cancellationToken, IServiceProvider? services = null)
    {
        if (services is null)
        {
            return await RunInScopeAsync(graph, request, EmptyServiceProvider.Instance, cancellationToken).ConfigureAwait(false);
        }

        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await RunInScopeAsync(graph, request, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the task with services that are already scoped (a subgraph's task uses its parent task's scope).</summary>
    internal static async Task<TaskOutcome> RunInScopeAsync(CompiledGraph graph, TaskRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!graph.Nodes.TryGetValue(request.Node, out var node))
        {
            return Failed(request, $"Graph '{graph.Name}' has no node '{request.Node}'.");
        }

        var journal = (JsonObject)request.Journal.DeepClone();
        var path = request.ParentPath.Append($"{request.Node}:{request.TaskId}").ToArray();
        var scope = new TaskScope(graph, request.ThreadId, request.TaskId, request.Node, path, request.Resume, journal, request.Now, services, cancellationToken);

        NodeResult result;
        try
        {
            result = await node.Run((JsonObject)request.Values.DeepClone(), new NodeContext(scope)).ConfigureAwait(false);
        }
        catch (GraphInterruptException) when (scope.Raised.Count > 0)
        {
            return Interrupted(request, scope);
        }
        catch (NodeActivationException e)
        {
            return Failed(request, e.Message);
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
