using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Workers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Interlude.Workers.Tests;

/// <summary>The stock host's telemetry: OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and the open-interrupts gauge of the API.</summary>
public sealed class HostTelemetryTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("http://127.0.0.1:4317", true)]
    public void Telemetry_OtlpEndpoint_RegistersProvidersOnlyWhenSet(string endpoint, bool registered)
    {
        var builder = Host.CreateApplicationBuilder([$"--OTEL_EXPORTER_OTLP_ENDPOINT={endpoint}"]);

        builder.AddInterludeHost();

        using var host = builder.Build();
        Assert.Equal(registered, host.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(registered, host.Services.GetService<MeterProvider>() is not null);
    }

    [Fact]
    public async Task Telemetry_OtlpEndpoint_ExportsInterludeSpansAndMetricsToTheCollector()
    {
        await using var collector = await FakeCollector.StartAsync();
        var graph = TelemetryGraph.NewName();
        var threadId = InterludeHarness.NewThreadId();
        var host = await InterludeApiHost.StartWithGraphsAsync(
            [TelemetryGraph.Approval(graph)],
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Url}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        await using (host)
        {
            var client = host.Services.GetRequiredService<IGraphClient>();
            Assert.Single((await client.InvokeAsync(graph, [], threadId)).Interrupts);
            Assert.Equal("completed", (await client.ResumeAsync(threadId, JsonValue.Create(true))).Status);
        }

        // Stopping the host flushes both providers to the collector.
        var traces = collector.Received("/v1/traces");
        Assert.Contains("interlude.node.run", traces);
        Assert.Contains("interlude.interrupt.resolve", traces);
        Assert.Contains(threadId, traces);
        var metrics = collector.Received("/v1/metrics");
        Assert.Contains("interlude.interrupts.raised", metrics);
        Assert.Contains(graph, metrics);
    }

    [Fact]
    public async Task OpenInterruptsGauge_ApiProcess_ReportsTheInboxByGraphUntilAnswered()
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        await using var host = await InterludeApiHost.StartWithGraphsAsync([TelemetryGraph.Approval(graph)], "--Interlude:Telemetry:OpenInterruptsRefreshSeconds=0.1");
        var client = host.Services.GetRequiredService<IGraphClient>();
        var first = InterludeHarness.NewThreadId();
        await client.InvokeAsync(graph, [], first);
        await client.InvokeAsync(graph, [], InterludeHarness.NewThreadId());

        Assert.Equal(2, await telemetry.GaugeAsync("interlude.interrupts.open", graph, value => value == 2));
        await client.ResumeAsync(first, JsonValue.Create(true));
        Assert.Equal(1, await telemetry.GaugeAsync("interlude.interrupts.open", graph, value => value == 1));
    }

    [Fact]
    public async Task OpenInterruptsGauge_TurnedOff_IsNotReported()
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        await using var host = await InterludeApiHost.StartWithGraphsAsync(
            [TelemetryGraph.Approval(graph)],
            "--Interlude:Telemetry:OpenInterrupts=false",
            "--Interlude:Telemetry:OpenInterruptsRefreshSeconds=0.1");
        var client = host.Services.GetRequiredService<IGraphClient>();
        await client.InvokeAsync(graph, [], InterludeHarness.NewThreadId());

        // The interrupt is in the inbox; a process with the gauge on would report it within a refresh.
        Assert.Single(await client.ListInterruptsAsync(graph));
        Assert.Null(await telemetry.GaugeAsync("interlude.interrupts.open", graph, value => value is not null, TimeSpan.FromSeconds(1)));
    }

    /// <summary>An OTLP/HTTP collector on a free loopback port that keeps each request's body (protobuf: names and string values appear as UTF-8).</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> requests = new();

        private FakeCollector(WebApplication app) => this.app = app;

        public string Url => app.Urls.First();

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector.requests.Enqueue((http.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public string Received(string path) =>
            string.Concat(requests.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
