using System.Diagnostics;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Workers.Tests;

/// <summary>
/// Interlude's spans and metrics, through OpenTelemetry's in-memory exporter, for one approval cycle and
/// one timeout on every store. Node runs and transactions may legitimately repeat (a redelivery runs a
/// node again), so spans are checked per node; the interrupt counters are recorded after commit, once.
/// </summary>
public sealed class TelemetryScenarioTests : ScenarioTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [StoreTheory]
    public async Task Telemetry_ApprovalCycle_SpansPerNodeAndTransactionAndResolveLinksToRaise(ThreadStore store)
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        await using var host = await Start(store, [TelemetryGraph.Approval(graph)]);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync(graph, [], threadId);
        var interrupt = Assert.Single(paused.Interrupts);
        await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [new string('0', 32)] = true }));
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());

        var spans = await telemetry.SpansOfAsync(threadId, s =>
            s.Any(a => a.OperationName == "interlude.interrupt.resolve")
            && s.Any(a => a.OperationName == "interlude.node.run" && Tag(a, "interlude.node") == "proceed")
            && s.Any(a => a.OperationName == "interlude.thread.transaction" && Tag(a, "interlude.thread.status") == "completed"));

        // Every node ran, each run with its own span and attributes; "ask" ran twice (asked, then answered).
        var runs = spans.Where(s => s.OperationName == "interlude.node.run").ToList();
        Assert.All(runs, r => Assert.Equal((graph, "1"), (Tag(r, "interlude.graph"), Tag(r, "interlude.graph.version"))));
        Assert.Contains(runs, r => Tag(r, "interlude.node") == "ask" && Tag(r, "interlude.outcome") == "interrupted" && ((string[])r.GetTagItem("interlude.interrupt.id")!).Contains(interrupt.Id));
        Assert.Contains(runs, r => Tag(r, "interlude.node") == "ask" && Tag(r, "interlude.outcome") == "completed");
        Assert.Contains(runs, r => Tag(r, "interlude.node") == "proceed" && Tag(r, "interlude.outcome") == "completed");
        Assert.DoesNotContain(runs, r => Tag(r, "interlude.node") == "cancel");

        var transactions = spans.Where(s => s.OperationName == "interlude.thread.transaction").ToList();
        Assert.Contains(transactions, t => Tag(t, "interlude.outcome") == "committed" && Tag(t, "interlude.thread.status") == "interrupted" && Tag(t, "interlude.graph") == graph);
        Assert.Contains(transactions, t => Tag(t, "interlude.outcome") == "refused" && Tag(t, "interlude.reason") == "unknown-interrupt");
        Assert.Contains(transactions, t => Tag(t, "interlude.outcome") == "committed" && Tag(t, "interlude.thread.status") == "completed");

        // The resolution links to the span that raised the interrupt, whose context the checkpoint kept.
        var raise = Assert.Single(spans, s => s.OperationName == "interlude.interrupt.raise");
        var resolve = Assert.Single(spans, s => s.OperationName == "interlude.interrupt.resolve");
        Assert.Equal((interrupt.Id, "ask", graph), (Tag(raise, "interlude.interrupt.id"), Tag(raise, "interlude.node"), Tag(raise, "interlude.graph")));
        Assert.Equal((interrupt.Id, "answered"), (Tag(resolve, "interlude.interrupt.id"), Tag(resolve, "interlude.outcome")));
        var link = Assert.Single(resolve.Links);
        Assert.Equal((raise.TraceId, raise.SpanId), (link.Context.TraceId, link.Context.SpanId));

        Assert.Equal(1, telemetry.Count("interlude.interrupts.raised", graph));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.resolved", graph, ("interlude.outcome", "answered")));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.resolved", graph));
        Assert.Equal(0, telemetry.Count("interlude.interrupts.timeouts", graph));
        Assert.Equal(1, telemetry.Count("interlude.answers.refused", graph, ("interlude.reason", "unknown-interrupt")));
        var answered = Assert.Single(telemetry.Points("interlude.interrupt.time_to_answer", graph));
        Assert.Equal((1L, "answered"), (answered.GetHistogramCount(), TelemetryCapture.Tag(answered, "interlude.outcome")));
        var durations = telemetry.Points("interlude.node.duration", graph);
        Assert.Equal(["ask", "proceed"], durations.Select(p => (string)TelemetryCapture.Tag(p, "interlude.node")!).Distinct().Order());
        Assert.Equal(0, telemetry.Count("interlude.node.failures", graph));
    }

    [StoreTheory]
    public async Task Telemetry_Timeout_RemindedThenTimedOutAfterAnHourAndResolveLinksToRaise(ThreadStore store)
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await Start(store, [TelemetryGraph.Approval(graph, Hour)], services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var threadId = InterludeHarness.NewThreadId();

        var interrupt = Assert.Single((await host.Client.InvokeAsync(graph, [], threadId)).Interrupts);
        time.Advance(Hour * 3 / 4);
        await host.PublishedAsync<InterruptReminderDue>(m => m.ThreadId == threadId);
        time.Advance(Hour / 4);
        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);

        Assert.Equal(1, telemetry.Count("interlude.interrupts.raised", graph));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.reminders", graph));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.timeouts", graph));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.resolved", graph, ("interlude.outcome", "timed-out")));
        Assert.Equal(1, telemetry.Count("interlude.interrupts.resolved", graph));
        var waited = Assert.Single(telemetry.Points("interlude.interrupt.time_to_answer", graph));
        Assert.Equal((1L, Hour.TotalSeconds, "timed-out"), (waited.GetHistogramCount(), waited.GetHistogramSum(), TelemetryCapture.Tag(waited, "interlude.outcome")));

        var spans = await telemetry.SpansOfAsync(threadId, s =>
            s.Any(a => a.OperationName == "interlude.node.run" && Tag(a, "interlude.node") == "cancel")
            && s.Any(a => a.OperationName == "interlude.thread.transaction" && Tag(a, "interlude.thread.status") == "completed"));
        var raise = Assert.Single(spans, s => s.OperationName == "interlude.interrupt.raise");
        var resolve = Assert.Single(spans, s => s.OperationName == "interlude.interrupt.resolve");
        Assert.Equal((interrupt.Id, "timed-out"), (Tag(resolve, "interlude.interrupt.id"), Tag(resolve, "interlude.outcome")));
        Assert.Equal(raise.SpanId, Assert.Single(resolve.Links).Context.SpanId);
        Assert.Contains(spans, s => s.OperationName == "interlude.node.run" && Tag(s, "interlude.node") == "cancel" && Tag(s, "interlude.outcome") == "completed");
        Assert.DoesNotContain(spans, s => s.OperationName == "interlude.node.run" && Tag(s, "interlude.node") == "proceed");
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
