using System.Text.Json.Nodes;
using Interlude.Graph.Channels;

namespace Interlude.Graph.Runtime;

/// <summary>
/// The pure engine: given a thread's checkpoint and what just happened (a start, a task result, an
/// answer, an update, a cancel), it changes the checkpoint and says what to do next. It never runs a
/// node, and it refuses a command before changing anything.
/// </summary>
public sealed partial class ThreadPlanner(CompiledGraph graph)
{
    private const string InputWriter = "__input__";

    private const string UpdateWriter = "__update__";

    /// <summary>How a task's journal keys of <c>ctx.Step</c> results begin.</summary>
    internal const string StepJournalPrefix = "step:";

    /// <summary>The graph whose threads this planner plans.</summary>
    public CompiledGraph Graph { get; } = graph;

    /// <summary>Creates a thread: applies the input and plans the nodes START leads to.</summary>
    public (ThreadCheckpoint? Checkpoint, PlanResult Result) Start(string threadId, JsonObject? input, DateTimeOffset now, string? startedBy = null)
    {
        input ??= [];
        JsonObject values;
        try
        {
            values = Graph.Channels.Apply([], [(InputWriter, input)]);
        }
        catch (InvalidUpdateException e)
        {
            return (null, PlanResult.Reject(RejectionReasons.Malformed, $"Input for graph '{Graph.Name}' is invalid: {e.Message}"));
        }

        if (Graph.CheckState(values) is { } misfit)
        {
            return (null, PlanResult.Reject(RejectionReasons.InvalidValues, $"Input for graph '{Graph.Name}' is invalid. {misfit}"));
        }

        var checkpoint = new ThreadCheckpoint
        {
            ThreadId = threadId,
            Graph = Graph.Name,
            GraphVersion = Graph.Version,
            StartedBy = startedBy,
            CheckpointId = string.Empty,
            Step = -2,
        };
        var result = new PlanResult();
        NewCheckpoint(checkpoint, values, CheckpointSource.Input, new JsonObject { [InputWriter] = input.DeepClone() }, now, result);
        List<string> entry;
        try
        {
            entry = Graph.Successors(GraphNames.Start, values, []);
        }
        catch (UnknownNodeException e)
        {
            Fail(checkpoint, null, e.Message, now, result);
            return (checkpoint, result);
        }

        PlanStep(checkpoint, entry, pauseAfter: null, forcePauseBefore: false, now, result);
        return (checkpoint, result);
    }

    /// <summary>Records a task's result; when the step's last task answers, ends the step.</summary>
    public PlanResult ApplyOutcome(ThreadCheckpoint checkpoint, TaskOutcome outcome, DateTimeOffset now)
    {
        var task = checkpoint.Tasks.Find(t => t.Id == outcome.TaskId);
        if (checkpoint.Status != ThreadStatus.Running || task is not { Status: GraphTaskStatus.Running })
        {
            return PlanResult.Ignore();
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        switch (outcome.Kind)
        {
            case TaskOutcomeKind.Failed:
                task.Error = outcome.Error;
                Fail(checkpoint, task.Node, outcome.Error ?? "The node failed.", now, result);
                return result;
            case TaskOutcomeKind.Completed:
                task.Status = GraphTaskStatus.Completed;
                task.Writes = outcome.Writes;
                task.Routes = [.. outcome.Routes];
                task.Journal = outcome.Journal;
                Withdraw(task, keep: [], now, result);
                break;
            case TaskOutcomeKind.Interrupted:
                task.Status = GraphTaskStatus.Interrupted;
                task.Journal = outcome.Journal;
                OpenInterrupts(checkpoint, task, outcome.Interrupts, now, result);
                break;
        }

        FinishStepIfDone(checkpoint, forcePauseBefore: false, now, result);
        return result;
    }

    /// <summary>A task failed for good (the node threw past the retry policy): the thread fails.</summary>
    public PlanResult FailTask(ThreadCheckpoint checkpoint, string taskId, string error, DateTimeOffset now)
    {
        var task = checkpoint.Tasks.Find(t => t.Id == taskId);
        if (checkpoint.Status != ThreadStatus.Running || task is not { Status: GraphTaskStatus.Running })
        {
            return PlanResult.Ignore();
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        task.Error = error;
        Fail(checkpoint, task.Node, error, now, result);
        return result;
    }

    /// <summary>Whether <paramref name="status"/> is final: completed, failed or cancelled.</summary>
    public static bool IsFinished(ThreadStatus status) =>
        status is ThreadStatus.Completed or ThreadStatus.Failed or ThreadStatus.Cancelled;

    private static string Describe(ThreadStatus status) => status.ToString().ToLowerInvariant();
}
