using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Workers.Tests;

/// <summary>The thread's audit: every accepted change appended with who, how and what; refused commands leave no entry.</summary>
public sealed class AuditScenarioTests : ScenarioTests
{
    private static JsonObject ApprovalInput() => new() { ["action_details"] = "deploy", ["status"] = "pending" };

    private static IGraphClient As(InterludeHarness host, string name, params string[] roles) =>
        host.Client.As(new ThreadPrincipal(name, roles) { Scheme = "Test" });

    [StoreTheory]
    public async Task Audit_StartAndAnswer_AreRecordedWithWhoAndScheme_ARefusedAnswerIsNot(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await As(host, "alice", "starter").InvokeAsync("approval", ApprovalInput(), threadId);
        await Assert.ThrowsAsync<ThreadCommandException>(() => As(host, "mallory").ResumeAsync(threadId, JsonValue.Create("yes")));
        await As(host, "bob", "approver").ResumeAsync(threadId, JsonValue.Create(true));

        var audit = await host.Client.GetAuditAsync(threadId);

        Assert.NotNull(audit);
        Assert.Equal(
            [(AuditActions.Start, "alice", "Test", (string?)null, AuditActions.Accepted), (AuditActions.Answer, "bob", "Test", paused.Interrupts[0].Id, ResolutionOutcomes.Answered)],
            audit.Select(e => (e.Action, e.By, e.Scheme, e.InterruptId, e.Outcome)));
        Assert.True(audit[1].Answer!.Value.GetBoolean());
        Assert.Equal("approval", audit[0].Detail!.Value.GetProperty("graph").GetString());
        Assert.True(audit[0].Sequence < audit[1].Sequence);
        Assert.True(audit[0].At <= audit[1].At);
    }

    [StoreTheory]
    public async Task Audit_UpdateAndCancel_AreRecorded_WithTheInterruptsTheyClosed_AndPaged(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", ApprovalInput(), threadId);
        var ops = As(host, "ops", "operator");
        await ops.UpdateStateAsync(threadId, new JsonObject { ["action_details"] = "deploy v2" });
        await ops.CancelAsync(threadId, "withdrawn");

        var audit = await host.Client.GetAuditAsync(threadId);
        var second = await host.Client.GetAuditAsync(threadId, page: 2, pageSize: 1);

        Assert.NotNull(audit);
        Assert.Equal(
            [(AuditActions.Start, (string?)null, (string?)null), (AuditActions.Update, "ops", null), (AuditActions.Cancel, "ops", null), (AuditActions.Cancel, "ops", paused.Interrupts[0].Id)],
            audit.Select(e => (e.Action, e.By, e.InterruptId)));
        Assert.Equal("deploy v2", audit[1].Detail!.Value.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal("withdrawn", audit[2].Detail!.Value.GetProperty("reason").GetString());
        Assert.Equal("cancelled", audit[3].Outcome);
        Assert.Equal(AuditActions.Update, Assert.Single(second!).Action);
        Assert.Null(await host.Client.GetAuditAsync(InterludeHarness.NewThreadId()));
    }
}
