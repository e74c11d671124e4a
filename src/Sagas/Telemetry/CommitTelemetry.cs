using System.Diagnostics;
using Interlude.Contracts;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;

namespace Interlude.Sagas.Telemetry;

/// <summary>
/// What a committed plan tells Interlude's telemetry: a short span for each interrupt it raised (whose
/// context is stored with the interrupt) and for each it resolved (linked to the raising span), so no span
/// stays open while a person thinks; and the interrupt metrics, taken once the transaction committed.
/// </summary>
internal static class CommitTelemetry
{
    public const string RaiseSpan = "interlude.interrupt.raise";

    public const string ResolveSpan = "interlude.interrupt.resolve";

    /// <summary>Runs as <paramref name="plan"/> is persisted, before <paramref name="checkpoint"/> is serialised (it stores the raising spans' contexts).</summary>
    public static void Committing(PipeContext context, ThreadCheckpoint checkpoint, PlanResult plan)
    {
        var transaction = ThreadTransactionTelemetry.Of(context);
        transaction?.Committed(checkpoint);
        foreach (var raised in plan.Raised)
        {
            TraceRaise(checkpoint, raised);
        }

        foreach (var resolved in plan.Resolved)
        {
            TraceResolve(checkpoint, resolved);
        }

        if (plan.Raised.Count + plan.Resolved.Count + plan.Reminders.Count == 0)
        {
            return;
        }

        Measure(transaction, Measurements(checkpoint.Graph, checkpoint.GraphVersion, plan));
    }

    /// <summary>A refused command: the span says why, and a refused resume is counted once the refusal committed.</summary>
    public static void Refused(PipeContext context, object refusal, string? graph)
    {
        var transaction = ThreadTransactionTelemetry.Of(context);
        switch (refusal)
        {
            case ResumeRejected resume:
                transaction?.Refused(resume.ThreadId, resume.Reason);
                Measure(transaction, () => InterludeTelemetry.AnswersRefused.Add(1, RefusalTags(resume.Reason, graph)));
                break;
            case CommandRejected command:
                transaction?.Refused(command.ThreadId, command.Reason);
                break;
        }
    }

    private static TagList RefusalTags(string reason, string? graph)
    {
        var tags = new TagList { { TelemetryTags.Reason, reason } };
        if (graph is not null)
        {
            tags.Add(TelemetryTags.Graph, graph);
        }

        return tags;
    }

    /// <summary>Measures once the transaction committed (at once where no thread endpoint filter began one).</summary>
    private static void Measure(ThreadTransactionTelemetry? transaction, Action measure)
    {
        if (transaction is null)
        {
            measure();
        }
        else
        {
            transaction.AfterCommit(measure);
        }
    }

    private static void TraceRaise(ThreadCheckpoint checkpoint, InterruptRecord interrupt)
    {
        using var span = InterludeTelemetry.Source.StartActivity(RaiseSpan);
        if (span is null)
        {
            return;
        }

        Describe(span, checkpoint, interrupt).SetTag("interlude.interrupt.when", SnapshotMapper.Name(interrupt.When));
        if (interrupt.ExpiresAt is { } expires)
        {
            span.SetTag("interlude.interrupt.expires_at", expires.ToString("O"));
        }

        interrupt.TraceParent = span.Id;
    }

    private static void TraceResolve(ThreadCheckpoint checkpoint, InterruptResolution resolution)
    {
        // A missing or unreadable context (an interrupt raised before telemetry, or with no listener) means no link.
        ActivityLink[]? links = ActivityContext.TryParse(resolution.Interrupt.TraceParent, null, isRemote: true, out var raised)
            ? [new ActivityLink(raised)]
            : null;
        using var span = InterludeTelemetry.Source.StartActivity(ResolveSpan, ActivityKind.Internal, parentContext: default, links: links);
        if (span is not null)
        {
            Describe(span, checkpoint, resolution.Interrupt).SetTag(TelemetryTags.Outcome, resolution.Outcome);
        }
    }

    private static Activity Describe(Activity span, ThreadCheckpoint checkpoint, InterruptRecord interrupt) =>
        span.SetTag(TelemetryTags.ThreadId, checkpoint.ThreadId)
            .SetTag(TelemetryTags.Graph, checkpoint.Graph)
            .SetTag(TelemetryTags.GraphVersion, checkpoint.GraphVersion)
            .SetTag(TelemetryTags.Step, checkpoint.Step)
            .SetTag(TelemetryTags.Node, interrupt.Node)
            .SetTag(TelemetryTags.InterruptId, interrupt.Id);

    /// <summary>The plan's interrupt metrics, from values copied now (a chain goes on changing the checkpoint).</summary>
    private static Action Measurements(string graph, int version, PlanResult plan)
    {
        var raised = plan.Raised.Count;
        var resolved = plan.Resolved.Select(r => (r.Outcome, Seconds: (r.ResolvedAt - r.Interrupt.RaisedAt).TotalSeconds)).ToList();
        var reminders = plan.Reminders.Count;
        return () =>
        {
            var tags = new TagList { { TelemetryTags.Graph, graph }, { TelemetryTags.GraphVersion, version } };
            if (raised > 0)
            {
                InterludeTelemetry.InterruptsRaised.Add(raised, tags);
            }

            if (reminders > 0)
            {
                InterludeTelemetry.Reminders.Add(reminders, tags);
            }

            foreach (var (outcome, seconds) in resolved)
            {
                var byOutcome = tags;
                byOutcome.Add(TelemetryTags.Outcome, outcome);
                InterludeTelemetry.InterruptsResolved.Add(1, byOutcome);
                InterludeTelemetry.TimeToAnswer.Record(seconds, byOutcome);
                if (outcome == ResolutionOutcomes.TimedOut)
                {
                    InterludeTelemetry.Timeouts.Add(1, tags);
                }
            }
        };
    }
}
