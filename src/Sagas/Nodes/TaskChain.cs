using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.RetryPolicies;

namespace Interlude.Sagas.Nodes;

/// <summary>
/// The steps a worker runs after a step's only task, in the same message: while the planner says the
/// next step is one task that nothing can pause before (<see cref="ThreadPlanner.NextInChain"/>), up to
/// <see cref="NodeOptions.MaxChainSteps"/> steps in all. The thread commits them together, each as its
/// own checkpoint; until then none is committed, so a redelivered message runs the whole chain again.
/// </summary>
internal sealed class TaskChain(CompiledGraph graph, NodeOptions options, TimeProvider time, IServiceProvider services)
{
    /// <summary>The steps after <paramref name="first"/>, which ended as <paramref name="outcome"/>; empty when the chain ends with it.</summary>
    public async Task<IReadOnlyList<ChainedStep>> RunAsync(TaskRequest first, long revision, TaskOutcome outcome, CancellationToken cancellationToken)
    {
        var planner = new ThreadPlanner(graph);
        var checkpoint = planner.ChainCheckpoint(first, revision);
        var steps = new List<ChainedStep>();
        while (steps.Count + 1 < options.MaxChainSteps && planner.NextInChain(checkpoint, outcome, time.GetUtcNow()) is { } next)
        {
            var request = new TaskRequest { ThreadId = first.ThreadId, TaskId = next.Id, Node = next.Node, Values = checkpoint.Values, Now = time.GetUtcNow() };
            outcome = await RunWithRetries(request, cancellationToken);
            steps.Add(new ChainedStep(next.Node, outcome));
        }

        return steps;
    }

    /// <summary>
    /// A chained node gets the retries its own message would get from the endpoint; past them it fails
    /// the thread with the error its <c>Fault&lt;ExecuteNode&gt;</c> would have given, after the steps before it.
    /// </summary>
    private async Task<TaskOutcome> RunWithRetries(TaskRequest request, CancellationToken cancellationToken)
    {
        var policy = options.Retry.Attempts > 0 ? Retry.Interval(options.Retry.Attempts, options.Retry.Interval) : Retry.None;
        try
        {
            return await policy.Retry(() => NodeRun.RunAsync(graph, request, services, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new TaskOutcome { TaskId = request.TaskId, Kind = TaskOutcomeKind.Failed, Error = NodeErrors.Describe(e.GetType().FullName ?? e.GetType().Name, e.Message) };
        }
    }
}
