using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Workers.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interlude.Workers.Tests;

/// <summary>
/// A command the saga refuses goes to the log once, beside its refusal on the bus: the thread, the
/// command, the reason and who sent it; a missing right is a warning, the rest information.
/// </summary>
public sealed class RefusalLogTests
{
    private const string Category = "Interlude.Refusals";

    [Fact]
    public async Task Refusals_InsideTheSaga_AreLoggedOnce_WithThreadReasonAndCaller()
    {
        var logs = new LogCapture();
        await using var host = await InterludeHarness.StartAsync(
            [.. SampleGraphs.All, .. NarrowedApprovalGraphs.All],
            services => services.AddSingleton<ILoggerProvider>(logs));
        var cfo = InterludeHarness.NewThreadId();
        var approval = InterludeHarness.NewThreadId();
        var missing = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync(NarrowedApprovalGraphs.CfoApproval, [], cfo);
        await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, approval);

        await Assert.ThrowsAsync<ThreadCommandException>(() => host.ClientAs("bob", "approver").ResumeAsync(cfo, JsonValue.Create(true)));
        await Assert.ThrowsAsync<ThreadCommandException>(() => host.ClientAs("rita", "approver").ResumeAsync(approval, JsonValue.Create("yes")));
        await Assert.ThrowsAsync<ThreadCommandException>(() => host.ClientAs("sam", "operator").CancelAsync(missing));
        await host.ClientAs("carol", "cfo").ResumeAsync(cfo, JsonValue.Create(true));

        var lines = logs.In(Category);
        Assert.Equal(3, lines.Count);
        AssertLine(Assert.Single(lines, l => Equals(l.Values["ThreadId"], cfo)), LogLevel.Warning, "ResumeRequested", "forbidden", "bob");
        AssertLine(Assert.Single(lines, l => Equals(l.Values["ThreadId"], approval)), LogLevel.Information, "ResumeRequested", "invalid-answer", "rita");
        AssertLine(Assert.Single(lines, l => Equals(l.Values["ThreadId"], missing)), LogLevel.Information, "CancelThread", "thread-not-found", "sam");
    }

    private static void AssertLine(CapturedLog line, LogLevel level, string command, string reason, string by)
    {
        Assert.Equal(level, line.Level);
        Assert.Equal(command, line.Values["Command"]);
        Assert.Equal(reason, line.Values["Reason"]);
        Assert.Equal(by, line.Values["By"]);
        Assert.Contains(reason, line.Text, StringComparison.Ordinal);
    }
}
