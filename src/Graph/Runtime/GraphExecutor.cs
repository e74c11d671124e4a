using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>
/// Drives a thread in this process: runs the tasks the planner dispatches, one after another, until
/// the thread pauses, completes or fails. Runs subgraphs inside a node, and graphs in unit tests.
/// </summary>
public sealed class GraphExecutor
{
    private readonly TimeProvider time;
    private readonly IServiceProvider? services;
    private readonly IServiceProvider? parentScope;
    private readonly Dictionary<string, List<ResolvedInterrupt>> resolved = new(StringComparer.Ordinal);

    /// <summary>An executor of <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph whose threads this executor drives.</param>
    /// <param name="timeProvider">The clock of checkpoints and deadlines; the system clock when null.</param>
    /// <param name="services">
    /// The root service provider tasks are run with: one DI scope per task run, as
    /// <see cref="TaskRunner.RunAsync"/> creates; none (an empty provider) when null.
    /// </param>
    public GraphExecutor(CompiledGraph graph, TimeProvider? timeProvider = null, IServiceProvider? services = null)
        : this(graph, timeProvider ?? TimeProvider.System, services, parentScope: null)
    {
    }

    private GraphExecutor(CompiledGraph graph, TimeProvider timeProvider, IServiceProvider? services, IServiceProvider? parentScope)
    {
        Planner = new ThreadPlanner(graph);
        time = timeProvider;
        this.services = services;
        this.parentScope = parentScope;
    }

    /// <summary>The planner of the graph, for driving it step by step or asking it directly.</summary>
    public ThreadPlanner Planner { get; }

    /// <summary>
    /// When true (the default) an exception thrown by a node fails the thread, as the host does once
    /// its retry policy gives up; when false it propagates to the caller (a subgraph's parent node).
    /// </summary>
    public bool FailOnNodeException { get; init; } = true;

    /// <summary>
    /// An executor of a subgraph run by a parent task: its tasks run in the parent task's DI scope
    /// (no scope of their own), and a node's exception propagates to the parent node.
    /// </summary>
    internal static GraphExecutor InParentScope(CompiledGraph graph, TimeProvider timeProvider, IServiceProvider parentScope) =>
        new(graph, timeProvider, services: null, parentScope) { FailOnNodeException = false };

    /// <summary>Every plan applied so far, in order (what a host would have published).</summary>
    public List<PlanResult> Plans { get; } = [];

    /// <summary>The interrupts of a thread that plans of this executor resolved, oldest first (what a host's journal keeps).</summary>
    public IReadOnlyList<ResolvedInterrupt> Resolved(string threadId) =>
        resolved.TryGetValue(threadId, out var thread) ? thread : [];

    /// <summary>Starts a thread with <paramref name="input"/> and runs it until it pauses, completes or fails.</summary>
    /// <exception cref="InvalidOperationException">The planner refused the input.</exception>
    public async Task<ThreadCheckpoint> StartAsync(string threadId, object? input, string? startedBy = null, CancellationToken cancellationToken = default)
    {
        var (checkpoint, result) = Planner.Start(threadId, GraphJson.ToNode(input) as JsonObject, time.GetUtcNow(), startedBy);
        if (checkpoint is null)
        {
            throw new InvalidOperationException(result.Rejected!.Message);
        }

        await RunAsync(checkpoint, result, cancellationToken).ConfigureAwait(false);
        return checkpoint;
    }

    /// <summary>Answers interrupts and runs on; returns the rejection if the planner refused the answer.</summary>
    public async Task<Rejection?> ResumeAsync(ThreadCheckpoint checkpoint, ResumeCommand command, CancellationToken cancellationToken = default) =>
        await ApplyAsync(checkpoint, Planner.Resume(checkpoint, command, time.GetUtcNow(), Resolved(checkpoint.ThreadId)), cancellationToken).ConfigureAwait(false);

    /// <summary>Writes <paramref name="values"/> (as <paramref name="asNode"/> if given) and runs on; returns the rejection if refused.</summary>
    public async Task<Rejection?> UpdateAsync(ThreadCheckpoint checkpoint, JsonObject values, string? asNode, CancellationToken cancellationToken = default) =>
        await ApplyAsync(checkpoint, Planner.Update(checkpoint, values, asNode, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);

    /// <summary>Resolves due interrupts with their timeout values and runs on.</summary>
    public async Task ExpireAsync(ThreadCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        await ApplyAsync(checkpoint, Planner.Expire(checkpoint, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);

    private async Task<Rejection?> ApplyAsync(ThreadCheckpoint checkpoint, PlanResult result, CancellationToken cancellationToken)
    {
        if (result.Rejected is not null)
        {
            return result.Rejected;
        }

        await RunAsync(checkpoint, result, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Runs the dispatched tasks of <paramref name="result"/> and of every plan that follows.</summary>
    public async Task RunAsync(ThreadCheckpoint checkpoint, PlanResult result, CancellationToken cancellationToken, IReadOnlyList<string>? parentPath = null)
    {
        Record(checkpoint, result);
        var queue = new Queue<GraphTask>(result.Dispatch);
        while (queue.TryDequeue(out var task))
        {
            var request = new TaskRequest
            {
                ThreadId = checkpoint.ThreadId,
                TaskId = task.Id,
                Node = task.Node,
                ParentPath = parentPath ?? [],
                Values = checkpoint.Values,
                Resume = task.Resume,
                Journal = task.Journal,
                Now = time.GetUtcNow(),
            };

            PlanResult next;
            try
            {
                var outcome = parentScope is null
                    ? await TaskRunner.RunAsync(Planner.Graph, request, cancellationToken, services).ConfigureAwait(false)
                    : await TaskRunner.RunInScopeAsync(Planner.Graph, request, parentScope, cancellationToken).ConfigureAwait(false);
                next = Planner.ApplyOutcome(checkpoint, outcome, time.GetUtcNow());
            }
            catch (Exception e) when (FailOnNodeException && e is not OperationCanceledException)
            {
                next = Planner.FailTask(checkpoint, task.Id, $"{e.GetType().Name}: {e.Message}", time.GetUtcNow());
            }

            Record(checkpoint, next);
            foreach (var dispatched in next.Dispatch)
            {
                queue.Enqueue(dispatched);
            }
        }
    }

    private void Record(ThreadCheckpoint checkpoint, PlanResult result)
    {
        Plans.Add(result);
        (CollectionsMarshal.GetValueRefOrAddDefault(resolved, checkpoint.ThreadId, out _) ??= []).AddRange(result.Resolved.Select(r => r.ToResolved()));
    }
}
