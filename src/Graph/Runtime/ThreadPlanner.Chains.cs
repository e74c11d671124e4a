namespace Interlude.Graph.Runtime;

/// <summary>
/// Chains: a worker that ran a step's only task plans what follows with the thread's own rules, so it
/// can run the next step's task in the same message when nothing could pause in between.
/// </summary>
public sealed partial class ThreadPlanner
{
    /// <summary>
    /// A worker's view of a thread whose step in flight is the one task <paramref name="task"/>, at the
    /// revision the thread dispatched it with: enough for <see cref="NextInChain"/> to plan the next
    /// step exactly as the thread will when it applies the task's outcome.
    /// </summary>
    public ThreadCheckpoint ChainCheckpoint(TaskRequest task, long revision) => new()
    {
        ThreadId = task.ThreadId,
        Graph = Graph.Name,
        GraphVersion = Graph.Version,
        CheckpointId = string.Empty,
        Revision = revision,
        Status = ThreadStatus.Running,
        Values = task.Values,
        Tasks = [new GraphTask { Id = task.TaskId, Node = task.Node, Status = GraphTaskStatus.Running }],
    };

    /// <summary>
    /// Applies a task's outcome to a chain's checkpoint (see <see cref="ChainCheckpoint"/>) and returns
    /// the task the thread runs next, when it may run in the same message: the outcome completed, its
    /// journal is empty (no <c>ctx.Step</c> side effect or subgraph, whose journal must be committed
    /// before anything else runs), and the next step is exactly one task with no breakpoint before it
    /// or after the node that ran. Null ends the chain. The checkpoint then holds the next step's values.
    /// </summary>
    public GraphTask? NextInChain(ThreadCheckpoint checkpoint, TaskOutcome outcome, DateTimeOffset now)
    {
        if (outcome.Kind != TaskOutcomeKind.Completed || outcome.Journal.Count > 0)
        {
            return null;
        }

        return ApplyOutcome(checkpoint, outcome, now).Dispatch is [var next] ? next : null;
    }
}
