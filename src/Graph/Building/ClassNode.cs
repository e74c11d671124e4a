using System.Diagnostics.CodeAnalysis;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Graph;

/// <summary>
/// Runs a class node: creates the instance from the run's services (resolved if the container has it
/// registered, otherwise made with <see cref="ActivatorUtilities"/>), runs it, and disposes an instance
/// it made itself (the scope disposes a resolved one).
/// </summary>
internal static class ClassNode
{
    public static async Task<NodeResult> RunAsync<TState, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNode>(
        TState state, NodeContext<TState> context)
        where TNode : INode<TState>
    {
        var (node, owned) = Create<TNode>(context);
        try
        {
            return await node.RunAsync(state, context).ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                await DisposeAsync(node).ConfigureAwait(false);
            }
        }
    }

    private static (TNode Node, bool Owned) Create<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TNode>(NodeContext context)
    {
        try
        {
            var registered = context.Services.GetService<TNode>();
            return registered is not null ? (registered, false) : (ActivatorUtilities.CreateInstance<TNode>(context.Services), true);
        }
        catch (InvalidOperationException e)
        {
            var hint = context.Services is EmptyServiceProvider
                ? " The task ran without services: give the runner a service provider (TaskRunner.RunAsync, GraphExecutor)."
                : string.Empty;
            throw new NodeActivationException(
                $"Node '{context.Node}' of graph '{context.Scope.Graph.Name}' could not be created as {typeof(TNode).Name}: {e.Message}{hint}", e);
        }
    }

    private static async ValueTask DisposeAsync(object node)
    {
        if (node is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (node is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
