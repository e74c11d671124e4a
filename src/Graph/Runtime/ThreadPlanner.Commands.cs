using System.Text.Json.Nodes;
using Interlude.Graph.Channels;

namespace Interlude.Graph.Runtime;

/// <summary>Commands on a thread besides answers: state updates, forks, recovery and cancel.</summary>
public sealed partial class ThreadPlanner
{
    /// <summary>
    /// Writes <paramref name="values"/> through the reducers as a new checkpoint. With
    /// <paramref name="asNode"/> the update counts as that node's output: its open interrupts are
    /// resolved and the thread pauses before its successors.
    /// </summary>
    public PlanResult Update(ThreadCheckpoint checkpoint, JsonObject values, string? asNode, DateTimeOffset now)
    {
        if (IsFinished(checkpoint.Status))
        {
            return PlanResult.Reject(RejectionReasons.AlreadyFinished, $"Thread '{checkpoint.ThreadId}' is {Describe(checkpoint.Status)}.");
        }

        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return PlanResult.Reject(RejectionReasons.NotInterrupted, $"Thread '{checkpoint.ThreadId}' is running; update its state while it is paused.");
        }

        if (asNode is not null && !Graph.HasNode(asNode))
        {
            return PlanResult.Reject(RejectionReasons.UnknownNode, $"Graph '{Graph.Name}' has no node '{asNode}'.");
        }

        var writer = asNode ?? UpdateWriter;
        JsonObject updated;
        List<string>? routes = null;
        try
        {
            updated = Graph.Channels.Apply(checkpoint.Values, [(writer, values)]);
            if (asNode is not null)
            {
                routes = Graph.Successors(asNode, updated, []);
            }
        }
        catch (Exception e) when (e is InvalidUpdateException or UnknownNodeException)
        {
            return PlanResult.Reject(e is UnknownNodeException ? RejectionReasons.UnknownNode : RejectionReasons.Malformed, e.Message);
        }

        if (Graph.CheckState(updated) is { } misfit)
        {
            return PlanResult.Reject(RejectionReasons.InvalidValues, misfit);
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        NewCheckpoint(checkpoint, updated, CheckpointSource.Update, new JsonObject { [writer] = values.DeepClone() }, now, result);
        if (asNode is null)
        {
            return result;
        }

        var task = checkpoint.Tasks.Find(t => t.Node == asNode && t.Status != GraphTaskStatus.Completed);
        if (task is null)
        {
            // The node is not part of the paused step: the update supersedes that step.
            foreach (var interrupt in checkpoint.OpenInterrupts.ToList())
            {
                Resolve(interrupt, ResolutionOutcomes.Updated, null, "update", now, result);
            }

            checkpoint.Breakpoint = null;
            checkpoint.Tasks = [];
            task = new GraphTask { Id = InterruptIds.ForTask(checkpoint.ThreadId, checkpoint.Revision, asNode, -1), Node = asNode };
            checkpoint.Tasks.Add(task);
        }

        foreach (var interrupt in task.Interrupts.ToList())
        {
            Resolve(interrupt, ResolutionOutcomes.Updated, null, "update", now, result);
        }

        task.Interrupts.Clear();
        task.Status = GraphTaskStatus.Completed;
        task.Writes = [];
        task.Routes = routes;
        if (checkpoint.Breakpoint is not null && !checkpoint.Tasks.Exists(t => t.Status == GraphTaskStatus.Planned))
        {
            Resolve(checkpoint.Breakpoint, ResolutionOutcomes.Updated, null, "update", now, result);
            checkpoint.Breakpoint = null;
        }

        FinishStepIfDone(checkpoint, forcePauseBefore: true, now, result);
        return result;
    }

    /// <summary>
    /// Continues the thread from <paramref name="saved"/>, an earlier checkpoint of it, as a fork: the
    /// new head names it as parent and runs its step again (new task ids, so new interrupt ids); a
    /// checkpoint that was held at a breakpoint is held again. Open interrupts of the old head close.
    /// </summary>
    public PlanResult Fork(ThreadCheckpoint checkpoint, ThreadCheckpoint saved, DateTimeOffset now)
    {
        if (checkpoint.Status == ThreadStatus.Running)
        {
            return PlanResult.Reject(RejectionReasons.NotInterrupted, $"Thread '{checkpoint.ThreadId}' is running; replay it once it pauses or ends.");
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        foreach (var interrupt in checkpoint.OpenInterrupts.ToList())
        {
            Resolve(interrupt, ResolutionOutcomes.Cancelled, null, "replay", now, result);
        }

        checkpoint.Breakpoint = null;
        checkpoint.Error = null;
        checkpoint.CancelReason = null;
        checkpoint.Step = saved.Step;
        NewCheckpoint(checkpoint, (JsonObject)saved.Values.DeepClone(), CheckpointSource.Fork, [], now, result);
        checkpoint.ParentCheckpointId = saved.CheckpointId;
        var nodes = saved.Tasks.Select(t => t.Node).ToList();
        var pauseAfter = saved.Breakpoint is { When: InterruptWhen.After } after ? after.Node : null;
        PlanStep(checkpoint, nodes, pauseAfter, saved.Breakpoint is { When: InterruptWhen.Before }, now, result);
        return result;
    }

    /// <summary>
    /// Dispatches again the running tasks that were dispatched before <paramref name="dispatchedBefore"/>
    /// and never answered (their message was lost with the process that held it). A second answer for
    /// the same task is ignored, so this is safe even if the first run was only slow.
    /// </summary>
    public PlanResult Redispatch(ThreadCheckpoint checkpoint, DateTimeOffset dispatchedBefore, DateTimeOffset now)
    {
        var stale = checkpoint.Status == ThreadStatus.Running
            ? checkpoint.Tasks.Where(t => t.Status == GraphTaskStatus.Running && (t.DispatchedAt ?? DateTimeOffset.MinValue) < dispatchedBefore).ToList()
            : [];
        if (stale.Count == 0)
        {
            return PlanResult.Ignore();
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        stale.ForEach(t => Dispatch(t, now, result));
        return result;
    }

    /// <summary>Cancels a running or paused thread; its open interrupts are resolved as cancelled.</summary>
    public PlanResult Cancel(ThreadCheckpoint checkpoint, string reason, DateTimeOffset now, string? by = null, string outcome = ResolutionOutcomes.Cancelled)
    {
        if (IsFinished(checkpoint.Status))
        {
            return PlanResult.Reject(RejectionReasons.AlreadyFinished, $"Thread '{checkpoint.ThreadId}' is {Describe(checkpoint.Status)}.");
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        foreach (var interrupt in checkpoint.OpenInterrupts.ToList())
        {
            Resolve(interrupt, outcome, null, by ?? reason, now, result);
        }

        checkpoint.Breakpoint = null;
        checkpoint.Tasks.ForEach(t => t.Interrupts.Clear());
        checkpoint.Status = ThreadStatus.Cancelled;
        checkpoint.CancelReason = reason;
        return result;
    }
}
