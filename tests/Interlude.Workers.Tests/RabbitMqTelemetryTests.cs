using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>The open-interrupts gauge of a split deployment: the API process, which has no database, reports what the workers' inbox holds.</summary>
[Trait("Category", "Integration")]
public sealed class RabbitMqTelemetryTests
{
    [Fact]
    public async Task OpenInterruptsGauge_ApiRoleOverRabbitMq_ReportsTheInboxTheWorkersKeep()
    {
        using var telemetry = new TelemetryCapture();
        var graph = TelemetryGraph.NewName();
        var prefix = RabbitTestBroker.NewPrefix();
        const string Refresh = "--Interlude:Telemetry:OpenInterruptsRefreshSeconds=0.1";
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var worker = await RabbitHost.StartWithGraphsAsync(prefix, database, [TelemetryGraph.Approval(graph)], configure: null, "--Interlude:Role=Worker", Refresh);
        await using var api = await RabbitHost.StartAsync(prefix, database, "Api", Refresh);
        var threadId = InterludeHarness.NewThreadId("rabbit-gauge");

        await api.Client.InvokeAsync(graph, [], threadId);

        // Only the API process reports it (the worker has no gauge), so the value is the inbox's, not a sum of processes.
        Assert.Equal(1, await telemetry.GaugeAsync("interlude.interrupts.open", graph, value => value == 1));
        await api.Client.ResumeAsync(threadId, JsonValue.Create(true));
        Assert.Null(await telemetry.GaugeAsync("interlude.interrupts.open", graph, value => value is null));
    }
}
