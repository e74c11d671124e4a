using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Forms;

namespace Interlude.Graph.Runtime;

/// <summary>Answers: resumes, validation, expiry and deadline extension, and how interrupts open and close.</summary>
public sealed partial class ThreadPlanner
{
    /// <summary>Answers open interrupts. Refused as a whole (nothing changes) if any part cannot apply.</summary>
    /// <param name="checkpoint">The thread's head; changed only if the answers apply.</param>
    /// <param name="command">The answers: one value, or a map of interrupt id to value.</param>
    /// <param name="now">When the answers arrived.</param>
    /// <param name="resolved">
    /// The thread's resolved interrupts, oldest first, as its journal keeps them: at least those the
    /// command names and the latest. Only a refusal reads them; see <see cref="DependsOnResolutions"/>.
    /// </param>
    public PlanResult Resume(ThreadCheckpoint checkpoint, ResumeCommand command, DateTimeOffset now, IReadOnlyList<ResolvedInterrupt>? resolved = null) =>
        Resume(checkpoint, command, now, resolved ?? [], validate: true);

    /// <summary>
    /// Whether a refusal of <see cref="Resume(ThreadCheckpoint, ResumeCommand, DateTimeOffset, IReadOnlyList{ResolvedInterrupt})"/>
    /// or <see cref="Extend"/> names an interrupt the checkpoint does not have open (unknown, or the thread
    /// is not interrupted): given the thread's resolutions it may be <c>already-resolved</c> instead. A host
    /// plans without them first, and reads them only for such a refusal.
    /// </summary>
    public static bool DependsOnResolutions(Rejection rejection) =>
        rejection.Reason is RejectionReasons.UnknownInterrupt or RejectionReasons.NotInterrupted;

    /// <summary>
    /// As <see cref="Resume(ThreadCheckpoint, ResumeCommand, DateTimeOffset, IReadOnlyList{ResolvedInterrupt})"/>;
    /// <c>validate: false</c> skips answer validators and who may answer (<see cref="AnswerRule"/>), for a
    /// subgraph's answers: the parent thread checked them when they arrived, and a timeout value is never checked.
    /// </summary>
    internal PlanResult Resume(ThreadCheckpoint checkpoint, ResumeCommand command, DateTimeOffset now, IReadOnlyList<ResolvedInterrupt> resolved, bool validate)
    {
        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return LateAnswer(resolved, command)
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
                    return IsResolved(resolved, id)
                        ? PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {id} is already resolved.")
                        : PlanResult.Reject(RejectionReasons.UnknownInterrupt, $"Thread '{checkpoint.ThreadId}' has no open interrupt {id}.");
                }

                answers.Add((interrupt, answer));
            }
        }

        foreach (var (interrupt, _) in validate ? answers : [])
        {
            var forbidden = AnswerRule.Refusal(interrupt.Approvers, interrupt.FourEyes, checkpoint.StartedBy, command.By, command.Roles);
            if (forbidden is not null)
            {
                return PlanResult.Reject(RejectionReasons.Forbidden, $"The answer to interrupt {interrupt.Id} was refused: {forbidden}");
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
    private static PlanResult? LateAnswer(IReadOnlyList<ResolvedInterrupt> resolved, ResumeCommand command)
    {
        var last = command.Map is null ? (resolved.Count == 0 ? null : resolved[^1]) : resolved.LastOrDefault(r => command.Map.ContainsKey(r.Id));
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
    /// past its current one; one with no deadline is refused (<c>no-deadline</c>). Its reminder keeps its lead and is armed again.
    /// <paramref name="resolved"/>: as for <see cref="Resume(ThreadCheckpoint, ResumeCommand, DateTimeOffset, IReadOnlyList{ResolvedInterrupt})"/>.
    /// </summary>
    public PlanResult Extend(ThreadCheckpoint checkpoint, string interruptId, DateTimeOffset? expiresAt, TimeSpan? extendBy, DateTimeOffset now, IReadOnlyList<ResolvedInterrupt>? resolved = null)
    {
        if (checkpoint.Status != ThreadStatus.Interrupted)
        {
            return IsResolved(resolved, interruptId)
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
            return IsResolved(resolved, interruptId)
                ? PlanResult.Reject(RejectionReasons.AlreadyResolved, $"Interrupt {interruptId} is already resolved.")
                : PlanResult.Reject(RejectionReasons.UnknownInterrupt, $"Thread '{checkpoint.ThreadId}' has no open interrupt {interruptId}.");
        }

        if (interrupt.ExpiresAt is not { } current)
        {
            return PlanResult.Reject(RejectionReasons.NoDeadline, $"Interrupt {interruptId} has no deadline to extend.");
        }

        // An extension longer than the limit is refused before it is added, so the sum cannot overflow.
        var deadline = extendBy > Deadlines.MaxAhead ? DateTimeOffset.MaxValue : expiresAt ?? current + extendBy!.Value;
        if (deadline <= now)
        {
            return PlanResult.Reject(RejectionReasons.Malformed, $"The new deadline {deadline:O} is not in the future.");
        }

        if (deadline - now > Deadlines.MaxAhead)
        {
            return PlanResult.Reject(RejectionReasons.Malformed, $"The new deadline {deadline:O} is more than {Deadlines.MaxAhead.TotalDays} days ahead.");
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

    private string? Validate(InterruptRecord interrupt, JsonNode? answer)
    {
        // A breakpoint's answer is discarded: its form (Continue) only guides the page.
        if (interrupt is { When: InterruptWhen.During, Answer.Enforced: true } && AnswerSchema.Refusal(interrupt.Answer, answer) is { } refusal)
        {
            return refusal;
        }

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
        Resolve(interrupt, outcome, answer, by, now, result);
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

    private static void Resolve(InterruptRecord interrupt, string outcome, JsonNode? answer, string? by, DateTimeOffset now, PlanResult result) =>
        result.Resolved.Add(new InterruptResolution(interrupt, outcome, answer?.DeepClone(), by, now));

    private static bool IsResolved(IReadOnlyList<ResolvedInterrupt>? resolved, string interruptId) =>
        resolved?.Any(r => r.Id == interruptId) == true;

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
                Approvers = [.. interrupt.Approvers],
                FourEyes = interrupt.FourEyes,
                Answer = interrupt.Answer,
            };
            open.Add(record);
        }

        task.Interrupts = previous;
        Withdraw(task, keep: open, now, result);
        task.Interrupts = open;
    }

    /// <summary>Resolves a task's open interrupts that a re-run no longer raised.</summary>
    private static void Withdraw(GraphTask task, List<InterruptRecord> keep, DateTimeOffset now, PlanResult result)
    {
        foreach (var stale in task.Interrupts.Where(i => !keep.Exists(k => k.Id == i.Id)))
        {
            Resolve(stale, ResolutionOutcomes.Withdrawn, null, null, now, result);
        }

        task.Interrupts = keep;
    }
}
