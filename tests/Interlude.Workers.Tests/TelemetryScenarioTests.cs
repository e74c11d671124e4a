using System.Diagnostics;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
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

        AssertResolutionLinksToRaise(spans, paused, graph, "answered");

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

        var paused = await host.Client.InvokeAsync(graph, [], threadId);
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
        AssertResolutionLinksToRaise(spans, paused, graph, "timed-out");
        Assert.Contains(spans, s => s.OperationName == "interlude.node.run" && Tag(s, "interlude.node") == "cancel" && Tag(s, "interlude.outcome") == "completed");
        Assert.DoesNotContain(spans, s => s.OperationName == "interlude.node.run" && Tag(s, "interlude.node") == "proceed");
    }

    [StoreTheory]
    public async Task Telemetry_NodeThrows_EveryFailedRunCountedAndItsSpanIsAnError(ThreadStore store)
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        var runs = 0;
        var failing = new StateGraph<TelemetryGraph.Empty>(graph)
            .AddNode("boom", (_, ctx) =>
            {
                Interlocked.Increment(ref runs);
                return runs > 0 ? throw new InvalidOperationException("kaput") : ctx.Update();
            })
            .AddEdge(GraphNames.Start, "boom")
            .Compile();
        await using var host = await Start(store, [failing]);
        var threadId = InterludeHarness.NewThreadId();

        Assert.Equal("failed", (await host.Client.InvokeAsync(graph, [], threadId)).Status);

        // Each run, a retry or a redelivery too, is one failure and one span.
        Assert.Equal(runs, telemetry.Count("interlude.node.failures", graph, ("interlude.node", "boom")));
        var spans = await telemetry.SpansOfAsync(threadId, s => s.Count(a => a.OperationName == "interlude.node.run") >= runs);
        var boom = spans.Where(s => s.OperationName == "interlude.node.run").ToList();
        Assert.Equal(runs, boom.Count);
        Assert.All(boom, s => Assert.Equal((ActivityStatusCode.Error, "error", "kaput"), (s.Status, Tag(s, "interlude.outcome"), s.StatusDescription)));
        Assert.Contains(spans, s => s.OperationName == "interlude.thread.transaction" && Tag(s, "interlude.thread.status") == "failed");
    }

    /// <summary>
    /// The interrupt's resolution links to a span that raised it, whose context the checkpoint kept. Each
    /// attempt at a transaction has its spans (one retried under load has two), so every resolution span
    /// must link to one of the interrupt's raise spans: the one whose transaction committed.
    /// </summary>
    private static void AssertResolutionLinksToRaise(IReadOnlyList<Activity> spans, ThreadStateSnapshot paused, string graph, string outcome)
    {
        var interruptId = Assert.Single(paused.Interrupts).Id;
        var raises = spans.Where(s => s.OperationName == "interlude.interrupt.raise" && Tag(s, "interlude.interrupt.id") == interruptId).ToList();
        Assert.NotEmpty(raises);
        Assert.All(raises, r => Assert.Equal(("ask", graph, paused.Step.ToString()), (Tag(r, "interlude.node"), Tag(r, "interlude.graph"), Tag(r, "interlude.step"))));
        var resolutions = spans.Where(s => s.OperationName == "interlude.interrupt.resolve" && Tag(s, "interlude.interrupt.id") == interruptId).ToList();
        Assert.NotEmpty(resolutions);
        Assert.All(resolutions, r =>
        {
            Assert.Equal(outcome, Tag(r, "interlude.outcome"));
            var link = Assert.Single(r.Links).Context;
            Assert.Contains(raises, raised => (raised.TraceId, raised.SpanId) == (link.TraceId, link.SpanId));
        });
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
