using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

public sealed class ApprovalScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task Approval_Approved_EndsApproved(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);

        Assert.Equal("interrupted", paused.Status);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal("deploy", interrupt.Value!.Value.GetProperty("details").GetString());
        Assert.True(await host.AnyAsync<InterruptRaised>(m => m.ThreadId == threadId));

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        Assert.Equal("completed", done.Status);
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        Assert.True(await host.AnyAsync<ThreadCompleted>(m => m.ThreadId == threadId));
    }
}
