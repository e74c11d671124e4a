using System.Diagnostics;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;

namespace Interlude.Sagas.Telemetry;

/// <summary>
/// The telemetry of one attempt at one thread message: its <c>interlude.thread.transaction</c> span, and
/// the measurements of what it changed, held until the store says the transaction committed
/// (<see cref="Record"/>), so that an attempt rolled back and retried is not counted twice.
/// </summary>
internal sealed class ThreadTransactionTelemetry(Activity? span)
{
    public const string SpanName = "interlude.thread.transaction";

    private readonly List<Action> pending = [];

    public Activity? Span { get; } = span;

    /// <summary>How the message ended for the thread: <c>unchanged</c> until a plan commits or a command is refused.</summary>
    public string Outcome { get; private set; } = "unchanged";

    /// <summary>The attempt's telemetry, if the thread endpoint's filter began one for the message.</summary>
    public static ThreadTransactionTelemetry? Of(PipeContext context) =>
        context.TryGetPayload(out ThreadTransactionTelemetry? telemetry) ? telemetry : null;

    /// <summary>Names the thread on the span (a new thread has no id until its start is applied).</summary>
    public void Describe(GraphThreadState thread)
    {
        if (Span is not null && thread.ThreadId.Length > 0)
        {
            Span.SetTag(TelemetryTags.ThreadId, thread.ThreadId).SetTag(TelemetryTags.Graph, thread.Graph).SetTag(TelemetryTags.GraphVersion, thread.GraphVersion);
        }
    }

    /// <summary>A plan committed on <paramref name="checkpoint"/> (each step of a chain is one).</summary>
    public void Committed(ThreadCheckpoint checkpoint)
    {
        Outcome = "committed";
        Span?.SetTag(TelemetryTags.ThreadId, checkpoint.ThreadId)
            .SetTag(TelemetryTags.Graph, checkpoint.Graph)
            .SetTag(TelemetryTags.GraphVersion, checkpoint.GraphVersion)
            .SetTag(TelemetryTags.Step, checkpoint.Step)
            .SetTag(TelemetryTags.Status, SnapshotMapper.Name(checkpoint.Status));
    }

    /// <summary>The command was refused for <paramref name="reason"/>.</summary>
    public void Refused(string threadId, string reason)
    {
        Outcome = "refused";
        Span?.SetTag(TelemetryTags.ThreadId, threadId).SetTag(TelemetryTags.Reason, reason);
    }

    /// <summary>Measurements to take once the transaction committed.</summary>
    public void AfterCommit(Action measure) => pending.Add(measure);

    /// <summary>Forgets what an attempt that did not commit would have measured.</summary>
    public void Discard() => pending.Clear();

    /// <summary>The transaction committed: takes the measurements, once.</summary>
    public void Record()
    {
        foreach (var measure in pending)
        {
            measure();
        }

        pending.Clear();
    }
}
