using System.Text.Json.Nodes;
using Interlude.Client;

namespace Interlude.Workers.Tests;

public sealed class HistoryReplayScenarioTests : ScenarioTests
{
    private static JsonObject ApprovalInput => new() { ["action_details"] = "deploy", ["status"] = "pending" };

    [StoreTheory]
    public async Task History_AfterApproval_ListsCheckpointsNewestFirst(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput, threadId);
        await host.Client.ResumeAsync(threadId, JsonValue.Create(true));

        var history = await host.Client.GetHistoryAsync(threadId);

        Assert.NotNull(history);
        Assert.Equal(["loop", "loop", "input"], history.Select(h => h.Metadata.Source));
        Assert.Equal([1, 0, -1], history.Select(h => h.Step));
        Assert.Equal("completed", history[0].Status);
        Assert.Equal("approved", history[0].Values.GetProperty("status").GetString());
        Assert.Equal(history[1].CheckpointId, history[0].ParentCheckpointId);
        var paused = history[2];
        Assert.Equal("interrupted", paused.Status);
        Assert.Single(paused.Interrupts);
    }

    [StoreTheory]
    public async Task History_UnknownThread_IsNull(ThreadStore store)
    {
        await using var host = await Start(store);

        Assert.Null(await host.Client.GetHistoryAsync("nobody-" + Guid.NewGuid().ToString("N")));
    }

    [StoreTheory]
    public async Task Replay_FromPausedCheckpoint_PausesAgainWithANewIdAndKeepsTheOldBranch(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var first = await host.Client.InvokeAsync("approval", ApprovalInput, threadId);
        var firstInterrupt = Assert.Single(first.Interrupts).Id;
        await host.Client.ResumeAsync(threadId, JsonValue.Create(false));
        var pausedCheckpoint = first.CheckpointId;

        var forked = await host.Client.ReplayAsync(threadId, pausedCheckpoint);

        Assert.Equal("interrupted", forked.Status);
        Assert.Equal("fork", forked.Metadata.Source);
        Assert.Equal(pausedCheckpoint, forked.ParentCheckpointId);
        Assert.NotEqual(firstInterrupt, Assert.Single(forked.Interrupts).Id);
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));
        Assert.Equal("approved", done.Values.GetProperty("status").GetString());
        var history = await host.Client.GetHistoryAsync(threadId);
        Assert.Contains(history!, h => h.Values.TryGetProperty("status", out var s) && s.GetString() == "rejected");
    }

    [StoreTheory]
    public async Task Replay_UnknownCheckpoint_IsRefused(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput, threadId);

        var refusal = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ReplayAsync(threadId, "0123456789abcdef0123456789abcdef"));

        Assert.Equal("checkpoint-not-found", refusal.Reason);
    }
}
