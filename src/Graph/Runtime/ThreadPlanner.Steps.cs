using System.Text.Json.Nodes;
using Interlude.Graph.Channels;

namespace Interlude.Graph.Runtime;

/// <summary>Step mechanics: dispatching tasks, ending a step, planning the next one, pausing, completing and failing.</summary>
public sealed partial class ThreadPlanner
{
    private static void Dispatch(GraphTask task, DateTimeOffset now, PlanResult result)
    {
        task.Status = GraphTaskStatus.Running;
        task.DispatchedAt = now;
        result.Dispatch.Add(task);
    }

    /// <summary>When no task of the step is still running: pause on open interrupts, or apply the writes and plan the next step.</summary>
    private void FinishStepIfDone(ThreadCheckpoint checkpoint, bool forcePauseBefore, DateTimeOffset now, PlanResult result)
    {
        if (checkpoint.Tasks.Exists(t => t.Status == GraphTaskStatus.Running))
        {
            checkpoint.Status = ThreadStatus.Running;
            return;
        }

        if (checkpoint.Breakpoint is not null || checkpoint.Tasks.Exists(t => t.Status == GraphTaskStatus.Interrupted))
        {
            Pause(checkpoint, result);
            return;
        }

        if (checkpoint.Tasks.Count == 0)
        {
            Complete(checkpoint);
            return;
        }

        var finished = checkpoint.Tasks;
        var writes = finished.Where(t => t.Writes is { Count: > 0 }).Select(t => (t.Node, t.Writes!)).ToList();
        var next = finished.SelectMany(t => t.Routes ?? []).Distinct().ToList();
        if (writes.Count > 0 || !forcePauseBefore)
        {
            JsonObject values;
            try
            {
                values = Graph.Channels.Apply(checkpoint.Values, writes);
            }
            catch (InvalidUpdateException e)
            {
                Fail(checkpoint, null, e.Message, now, result);
                return;
            }

            var metadata = new JsonObject();
            foreach (var (node, nodeWrites) in writes)
            {
                metadata[node] = nodeWrites.DeepClone();
            }

            NewCheckpoint(checkpoint, values, CheckpointSource.Loop, metadata, now, result);
            result.Steps.Add(new StepRecord(checkpoint.Step, (JsonObject)metadata.DeepClone()));
        }

        var ranAndBreaks = finished.Select(t => t.Node).Where(Graph.BreaksAfter).ToList();
        PlanStep(checkpoint, next, ranAndBreaks.Count > 0 ? ranAndBreaks[0] : null, forcePauseBefore, now, result);
    }

    /// <summary>Plans the tasks of the next step, pausing after / before it when breakpoints say so.</summary>
    private void PlanStep(ThreadCheckpoint checkpoint, List<string> nodes, string? pauseAfter, bool forcePauseBefore, DateTimeOffset now, PlanResult result)
    {
        checkpoint.Tasks = [.. nodes.Select((node, position) => new GraphTask
        {
            Id = InterruptIds.ForTask(checkpoint.ThreadId, checkpoint.Revision, node, position),
            Node = node,
            Status = GraphTaskStatus.Planned,
        })];

        if (pauseAfter is not null)
        {
            OpenBreakpoint(checkpoint, pauseAfter, InterruptWhen.After, now, result);
            return;
        }

        if (nodes.Count == 0)
        {
            Complete(checkpoint);
            return;
        }

        var held = forcePauseBefore ? nodes[0] : nodes.Find(Graph.BreaksBefore);
        if (held is not null)
        {
            OpenBreakpoint(checkpoint, held, InterruptWhen.Before, now, result);
            return;
        }

        checkpoint.Tasks.ForEach(t => Dispatch(t, now, result));
        checkpoint.Status = ThreadStatus.Running;
    }

    private void OpenBreakpoint(ThreadCheckpoint checkpoint, string node, InterruptWhen when, DateTimeOffset now, PlanResult result)
    {
        var breakpoint = new InterruptRecord
        {
            Id = InterruptIds.ForBreakpoint(checkpoint.ThreadId, checkpoint.Revision),
            Node = node,
            When = when,
            RaisedAt = now,
            ExpiresAt = now + Graph.Options.BreakpointTimeout,
            Answer = Forms.AnswerForm.Continue,
        };
        checkpoint.Breakpoint = breakpoint;
        Pause(checkpoint, result);
    }

    /// <summary>Pauses the thread and announces the interrupts that are new since the last pause.</summary>
    private static void Pause(ThreadCheckpoint checkpoint, PlanResult result)
    {
        checkpoint.Status = ThreadStatus.Interrupted;
        foreach (var interrupt in checkpoint.OpenInterrupts.Where(i => !i.Announced))
        {
            interrupt.Announced = true;
            result.Raised.Add(interrupt);
        }
    }

    private static void Complete(ThreadCheckpoint checkpoint)
    {
        checkpoint.Tasks = [];
        checkpoint.Status = ThreadStatus.Completed;
    }

    private static void Fail(ThreadCheckpoint checkpoint, string? node, string message, DateTimeOffset now, PlanResult result)
    {
        foreach (var interrupt in checkpoint.OpenInterrupts.ToList())
        {
            Resolve(interrupt, ResolutionOutcomes.Cancelled, null, "failure", now, result);
        }

        checkpoint.Breakpoint = null;
        checkpoint.Tasks.ForEach(t => t.Interrupts.Clear());
        checkpoint.Status = ThreadStatus.Failed;
        checkpoint.Error = new ThreadError(node, message);
    }

    private static void NewCheckpoint(ThreadCheckpoint checkpoint, JsonObject values, CheckpointSource source, JsonObject writes, DateTimeOffset now, PlanResult result)
    {
        checkpoint.Revision++;
        checkpoint.ParentCheckpointId = checkpoint.CheckpointId.Length == 0 ? null : checkpoint.CheckpointId;
        checkpoint.CheckpointId = InterruptIds.ForCheckpoint(checkpoint.ThreadId, checkpoint.Revision);
        checkpoint.Step++;
        checkpoint.Source = source;
        checkpoint.Writes = writes;
        checkpoint.Values = values;
        checkpoint.CreatedAt = now;
        result.CheckpointCreated = true;
    }
}
