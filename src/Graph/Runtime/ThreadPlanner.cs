using System.Text.Json.Nodes;
using Interlude.Graph.Channels;

namespace Interlude.Graph.Runtime;

/// <summary>
/// The pure engine: given a thread's checkpoint and what just happened (a start, a task result, an
/// answer, an update, a cancel), it changes the checkpoint and says what to do next. It never runs a
/// node, and it refuses a command before changing anything.
/// </summary>
public sealed class ThreadPlanner(CompiledGraph graph)
{
    private const string InputWriter = "__input__";
    private const string UpdateWriter = "__update__";

    public CompiledGraph Graph { get; } = graph;

    /// <summary>Creates a thread: applies the input and plans the nodes START leads to.</summary>
    public (ThreadCheckpoint? Checkpoint, PlanResult Result) Start(string threadId, JsonObject? input, DateTimeOffset now)
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

        var checkpoint = new ThreadCheckpoint
        {
            ThreadId = threadId,
            Graph = Graph.Name,
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
                Withdraw(checkpoint, task, keep: [], now, result);
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

    /// <summary>Answers open interrupts. Refused as a whole (nothing changes) if any part cannot apply.</summary>
    public PlanResult Resume(ThreadCheckpoint checkpoint, ResumeCommand command, DateTimeOffset now) =>
        Resume(checkpoint, command, now, validate: true);

    /// <summary>
    /// As <see cref="Resume(ThreadCheckpoint, ResumeCommand, DateTimeOffset)"/>; <c>validate: false</c> skips
    /// answer validators, for a subgraph's answers: the parent thread checked them when they arrived, and a
    /// timeout value is never checked.
    /// </summary>
    internal PlanResult Resume(ThreadCheckpoint checkpoint, ResumeCommand command, DateTimeOffset now, bool validate)
    {
        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return LateAnswer(checkpoint, command)
                ?? PlanResult.Reject(RejectionReasons.NotInterrupted, $"Thread '{checkpoint.ThreadId}' is {Describe(checkpoint.Status)}, not interrupted.");
        }

        var open = checkpoint.OpenInterrupts.ToList();
        var answers = new List<(InterruptRecord Interrupt, JsonNode? Answer)>();
        if (command.Map is null)
        {
            if (open.Count > 1)
            {
                return PlanResult.Reject(
                    RejectionReasons.Ambiguous,
                    $"{open.Count} interrupts are open ({string.Join(", ", open.Select(i => i.Id))}); answer them with a map of interrupt id to value.");
            }

            answers.Add((open[0], command.Value));
        }
        else
        {
            if (command.Map.Count == 0)
            {
                return PlanResult.Reject(RejectionReasons.Malformed, "The resume map is empty.");
            }

            foreach (var (id, answer) in command.Map)
            {
                var interrupt = open.Find(i => i.Id == id);
                if (interrupt is null)
                {
                    return checkpoint.Resolved.Exists(r => r.Id == id)
                        ? PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {id} is already resolved.")
                        : PlanResult.Reject(RejectionReasons.UnknownInterrupt, $"Thread '{checkpoint.ThreadId}' has no open interrupt {id}.");
                }

                answers.Add((interrupt, answer));
            }
        }

        foreach (var (interrupt, answer) in validate ? answers : [])
        {
            var refusal = Validate(interrupt, answer);
            if (refusal is not null)
            {
                return PlanResult.Reject(RejectionReasons.InvalidAnswer, $"The answer to interrupt {interrupt.Id} was refused: {refusal}");
            }
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        foreach (var (interrupt, answer) in answers)
        {
            Answer(checkpoint, interrupt, answer, ResolutionOutcomes.Answered, command.By, now, result);
        }

        FinishStepIfDone(checkpoint, forcePauseBefore: false, now, result);
        return result;
    }

    /// <summary>
    /// An answer that came too late: to a question that timed out (the one the map names, or for a bare
    /// value the last one resolved). Told "already resolved" rather than "not interrupted".
    /// </summary>
    private static PlanResult? LateAnswer(ThreadCheckpoint checkpoint, ResumeCommand command)
    {
        var last = command.Map is null ? checkpoint.Resolved.LastOrDefault() : checkpoint.Resolved.LastOrDefault(r => command.Map.ContainsKey(r.Id));
        var late = last is { Outcome: ResolutionOutcomes.TimedOut } ? last : null;
        return late is null
            ? null
            : PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {late.Id} is already resolved ({late.Outcome} at {late.ResolvedAt:O}).");
    }

    /// <summary>
    /// The thread's wake-up: marks the reminders that fell due (the caller publishes them), answers the
    /// interrupts that are due with their timeout values; a due breakpoint cancels the thread (reason
    /// <c>timeout</c>). Nothing due, or a thread that is not paused: ignored.
    /// </summary>
    public PlanResult Expire(ThreadCheckpoint checkpoint, DateTimeOffset now)
    {
        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return PlanResult.Ignore();
        }

        var open = checkpoint.OpenInterrupts.ToList();
        var due = open.Where(i => i.ExpiresAt <= now).ToList();
        var reminders = open.Where(i => !i.Reminded && i.RemindAt <= now && !due.Contains(i)).ToList();
        if (due.Count == 0 && reminders.Count == 0)
        {
            return PlanResult.Ignore();
        }

        if (due.Exists(i => i.When != InterruptWhen.During))
        {
            return Cancel(checkpoint, "timeout", now, outcome: ResolutionOutcomes.TimedOut);
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        foreach (var interrupt in reminders)
        {
            interrupt.Reminded = true;
            result.Reminders.Add(interrupt);
        }

        foreach (var interrupt in due)
        {
            Answer(checkpoint, interrupt, interrupt.TimeoutValue?.DeepClone(), ResolutionOutcomes.TimedOut, "timeout", now, result);
        }

        if (due.Count > 0)
        {
            FinishStepIfDone(checkpoint, forcePauseBefore: false, now, result);
        }

        return result;
    }

    /// <summary>
    /// Moves an open interrupt's deadline to <paramref name="expiresAt"/>, or <paramref name="extendBy"/>
    /// past its current one (past now if it had none). Its reminder keeps its lead and is armed again.
    /// </summary>
    public PlanResult Extend(ThreadCheckpoint checkpoint, string interruptId, DateTimeOffset? expiresAt, TimeSpan? extendBy, DateTimeOffset now)
    {
        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return checkpoint.Resolved.Exists(r => r.Id == interruptId)
                ? PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {interruptId} is already resolved.")
                : PlanResult.Reject(RejectionReasons.NotInterrupted, $"Thread '{checkpoint.ThreadId}' is {Describe(checkpoint.Status)}, not interrupted.");
        }

        if (expiresAt.HasValue == extendBy.HasValue || extendBy <= TimeSpan.Zero)
        {
            return PlanResult.Reject(RejectionReasons.Malformed, "Give exactly one of a new deadline or a positive extension.");
        }

        var interrupt = checkpoint.OpenInterrupts.FirstOrDefault(i => i.Id == interruptId);
        if (interrupt is null)
        {
            return checkpoint.Resolved.Exists(r => r.Id == interruptId)
                ? PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {interruptId} is already resolved.")
                : PlanResult.Reject(RejectionReasons.UnknownInterrupt, $"Thread '{checkpoint.ThreadId}' has no open interrupt {interruptId}.");
        }

        var deadline = expiresAt ?? (interrupt.ExpiresAt ?? now) + extendBy!.Value;
        if (deadline <= now)
        {
            return PlanResult.Reject(RejectionReasons.Malformed, $"The new deadline {deadline:O} is not in the future.");
        }

        var result = new PlanResult();
        checkpoint.Revision++;
        var lead = interrupt.ExpiresAt - interrupt.RemindAt;
        interrupt.ExpiresAt = deadline;
        interrupt.RemindAt = deadline - lead;
        interrupt.Reminded = false;
        result.Extended.Add(interrupt);
        return result;
    }

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
                Resolve(checkpoint, interrupt, ResolutionOutcomes.Updated, null, "update", now, result);
            }

            checkpoint.Breakpoint = null;
            checkpoint.Tasks = [];
            task = new GraphTask { Id = InterruptIds.ForTask(checkpoint.ThreadId, checkpoint.Revision, asNode, -1), Node = asNode };
            checkpoint.Tasks.Add(task);
        }

        foreach (var interrupt in task.Interrupts.ToList())
        {
            Resolve(checkpoint, interrupt, ResolutionOutcomes.Updated, null, "update", now, result);
        }

        task.Interrupts.Clear();
        task.Status = GraphTaskStatus.Completed;
        task.Writes = [];
        task.Routes = routes;
        if (checkpoint.Breakpoint is not null && !checkpoint.Tasks.Exists(t => t.Status == GraphTaskStatus.Planned))
        {
            Resolve(checkpoint, checkpoint.Breakpoint, ResolutionOutcomes.Updated, null, "update", now, result);
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
            Resolve(checkpoint, interrupt, ResolutionOutcomes.Cancelled, null, "replay", now, result);
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
            Resolve(checkpoint, interrupt, outcome, null, by ?? reason, now, result);
        }

        checkpoint.Breakpoint = null;
        checkpoint.Tasks.ForEach(t => t.Interrupts.Clear());
        checkpoint.Status = ThreadStatus.Cancelled;
        checkpoint.CancelReason = reason;
        return result;
    }

    public static bool IsFinished(ThreadStatus status) =>
        status is ThreadStatus.Completed or ThreadStatus.Failed or ThreadStatus.Cancelled;

    private string? Validate(InterruptRecord interrupt, JsonNode? answer)
    {
        if (interrupt.Validator is null)
        {
            return null;
        }

        var validator = Graph.FindValidator(interrupt.Validator)
            ?? throw new InvalidOperationException($"Validator '{interrupt.Validator}' is not registered on graph '{Graph.Name}'.");
        return validator.Validate(answer);
    }

    private static void Answer(ThreadCheckpoint checkpoint, InterruptRecord interrupt, JsonNode? answer, string outcome, string? by, DateTimeOffset now, PlanResult result)
    {
        Resolve(checkpoint, interrupt, outcome, answer, by, now, result);
        if (interrupt.When != InterruptWhen.During)
        {
            // A breakpoint: any answer continues and the value is discarded.
            checkpoint.Breakpoint = null;
            foreach (var planned in checkpoint.Tasks.Where(t => t.Status == GraphTaskStatus.Planned))
            {
                Dispatch(planned, now, result);
            }

            return;
        }

        var task = checkpoint.Tasks.Find(t => t.Id == interrupt.TaskId)
            ?? throw new InvalidOperationException($"Interrupt {interrupt.Id} belongs to no task of the step.");
        task.Resume[interrupt.Id] = answer?.DeepClone();
        task.Interrupts.Remove(interrupt);
        if (task.Status != GraphTaskStatus.Running)
        {
            Dispatch(task, now, result);
        }
    }

    private static void Dispatch(GraphTask task, DateTimeOffset now, PlanResult result)
    {
        task.Status = GraphTaskStatus.Running;
        task.DispatchedAt = now;
        result.Dispatch.Add(task);
    }

    private static void Resolve(ThreadCheckpoint checkpoint, InterruptRecord interrupt, string outcome, JsonNode? answer, string? by, DateTimeOffset now, PlanResult result)
    {
        checkpoint.Resolved.Add(new ResolvedInterrupt(interrupt.Id, outcome, now, by));
        result.Resolved.Add(new InterruptResolution(interrupt, outcome, answer?.DeepClone(), by));
    }

    /// <summary>Opens the interrupts a task raised; one it raised before keeps its raise time and deadline.</summary>
    private static void OpenInterrupts(ThreadCheckpoint checkpoint, GraphTask task, IReadOnlyList<RaisedInterrupt> raised, DateTimeOffset now, PlanResult result)
    {
        var previous = task.Interrupts;
        var open = new List<InterruptRecord>();
        foreach (var interrupt in raised)
        {
            var existing = previous.Find(i => i.Id == interrupt.Id);
            if (existing is not null)
            {
                open.Add(existing);
                continue;
            }

            var record = new InterruptRecord
            {
                Id = interrupt.Id,
                Value = interrupt.Value?.DeepClone(),
                Node = interrupt.Node,
                Ns = interrupt.Path.Count > 1 ? [.. interrupt.Path] : [],
                When = InterruptWhen.During,
                TaskId = task.Id,
                Index = interrupt.Index,
                RaisedAt = now,
                ExpiresAt = now + interrupt.Timeout,
                RemindAt = now + interrupt.Timeout - interrupt.RemindBefore,
                TimeoutValue = interrupt.TimeoutValue?.DeepClone(),
                Validator = interrupt.Validator,
            };
            open.Add(record);
        }

        task.Interrupts = previous;
        Withdraw(checkpoint, task, keep: open, now, result);
        task.Interrupts = open;
    }

    /// <summary>Resolves a task's open interrupts that a re-run no longer raised.</summary>
    private static void Withdraw(ThreadCheckpoint checkpoint, GraphTask task, List<InterruptRecord> keep, DateTimeOffset now, PlanResult result)
    {
        foreach (var stale in task.Interrupts.Where(i => !keep.Exists(k => k.Id == i.Id)))
        {
            Resolve(checkpoint, stale, ResolutionOutcomes.Withdrawn, null, null, now, result);
        }

        task.Interrupts = keep;
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
            Resolve(checkpoint, interrupt, ResolutionOutcomes.Cancelled, null, "failure", now, result);
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

    private static string Describe(ThreadStatus status) => status.ToString().ToLowerInvariant();
}
