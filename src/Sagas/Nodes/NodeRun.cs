using System.Diagnostics;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Telemetry;
using Interlude.Sagas.Threads;

namespace Interlude.Sagas.Nodes;

/// <summary>
/// One run of one node, as a worker does it: <see cref="TaskRunner"/> inside an <c>interlude.node.run</c>
/// span, with its duration and, when it throws or fails, a node failure counted. Every run counts, a
/// retried or redelivered one too: each is work the worker did.
/// </summary>
internal static class NodeRun
{
    public const string SpanName = "interlude.node.run";

    public static async Task<TaskOutcome> RunAsync(CompiledGraph graph, TaskRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var span = InterludeTelemetry.Source.StartActivity(SpanName);
        span?.SetTag(TelemetryTags.ThreadId, request.ThreadId)
            .SetTag(TelemetryTags.Graph, graph.Name)
            .SetTag(TelemetryTags.GraphVersion, graph.Version)
            .SetTag(TelemetryTags.Node, request.Node)
            .SetTag(TelemetryTags.TaskId, request.TaskId);
        var started = Stopwatch.GetTimestamp();
        TaskOutcome outcome;
        try
        {
            outcome = await TaskRunner.RunAsync(graph, request, cancellationToken, services).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            span?.SetTag(TelemetryTags.Outcome, cancelled ? "cancelled" : "error").SetStatus(ActivityStatusCode.Error, e.Message).AddException(e);
            Measure(graph, request.Node, cancelled ? "cancelled" : "error", started, failed: !cancelled);
            throw;
        }

        var name = SnapshotMapper.Name(outcome.Kind);
        span?.SetTag(TelemetryTags.Outcome, name);
        if (outcome.Kind == TaskOutcomeKind.Interrupted)
        {
            span?.SetTag(TelemetryTags.InterruptId, outcome.Interrupts.Select(i => i.Id).ToArray());
        }
        else if (outcome.Kind == TaskOutcomeKind.Failed)
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        Measure(graph, request.Node, name, started, failed: outcome.Kind == TaskOutcomeKind.Failed);
        return outcome;
    }

    private static void Measure(CompiledGraph graph, string node, string outcome, long started, bool failed)
    {
        var tags = new TagList { { TelemetryTags.Graph, graph.Name }, { TelemetryTags.GraphVersion, graph.Version }, { TelemetryTags.Node, node } };
        if (failed)
        {
            InterludeTelemetry.NodeFailures.Add(1, tags);
        }

        tags.Add(TelemetryTags.Outcome, outcome);
        InterludeTelemetry.NodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
