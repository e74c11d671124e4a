using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's "review tool calls" (the <c>tool-review</c> sample on <c>ToolApproval</c>): approve, edit the arguments, or reject with feedback for the agent.</summary>
public sealed class ToolReviewScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task ToolReview_Approve_RunsTheToolWithTheProposedArguments(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await StartAsync(host, threadId);
        Assert.Equal("team@example.com", paused.Interrupts[0].Value!.Value.GetProperty("tool_call").GetProperty("args").GetProperty("to").GetString());

        var done = await host.Client.ResumeAsync(threadId, new JsonObject { ["action"] = "approve" });

        Assert.Equal("completed", done.Status);
        Assert.Equal("Email sent to team@example.com", done.Values.GetProperty("result").GetString());
        Assert.Equal(["agent", "review", "review", "tools"], (await host.NodeRunsAsync(threadId)));
        var last = done.Values.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("tool", last.GetProperty("role").GetString());
    }

    [StoreTheory]
    public async Task ToolReview_EditArguments_RunsTheToolWithTheEditedArguments(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await StartAsync(host, threadId);

        var done = await host.Client.ResumeAsync(threadId, new JsonObject
        {
            ["action"] = "edit",
            ["args"] = new JsonObject { ["to"] = "boss@example.com", ["subject"] = "Status", ["body"] = "All good" },
        });

        Assert.Equal("completed", done.Status);
        Assert.Equal("Email sent to boss@example.com", done.Values.GetProperty("result").GetString());
        // The reviewed call replaced the proposal in place (LangChain's shape: the assistant message's tool_calls).
        var messages = done.Values.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("boss@example.com", messages[1].GetProperty("tool_calls")[0].GetProperty("args").GetProperty("to").GetString());
        Assert.Equal(messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString(), messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(["agent", "review", "review", "tools"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task ToolReview_RejectWithFeedback_AgentAnswersWithoutATool(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await StartAsync(host, threadId);

        var done = await host.Client.ResumeAsync(threadId, new JsonObject { ["action"] = "reject", ["feedback"] = "Do not email the team on Fridays" });

        Assert.Equal("completed", done.Status);
        Assert.False(done.Values.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null);
        var messages = done.Values.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(("Do not email the team on Fridays", "error"), (messages[2].GetProperty("content").GetString(), messages[2].GetProperty("status").GetString()));
        Assert.Contains("Do not email the team on Fridays", messages[3].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.False(messages[3].TryGetProperty("tool_calls", out _));
        Assert.Equal(["agent", "review", "review", "agent"], (await host.NodeRunsAsync(threadId)));
    }

    [StoreTheory]
    public async Task ToolReview_UnknownAction_IsRefusedAndTheReviewStaysOpen(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await StartAsync(host, threadId);

        var refused = await Assert.ThrowsAsync<Interlude.Client.ThreadCommandException>(
            () => host.Client.ResumeAsync(threadId, new JsonObject { ["action"] = "maybe" }));

        Assert.Equal("invalid-answer", refused.Reason);
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single((await host.Client.GetStateAsync(threadId))!.Interrupts).Id);
    }

    [StoreTheory]
    public async Task ToolReview_EditWhoseArgumentsFailTheToolsSchema_IsRefused_AndInterruptRaisedCarriedTheForm(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await StartAsync(host, threadId);

        var refused = await Assert.ThrowsAsync<Interlude.Client.ThreadCommandException>(
            () => host.Client.ResumeAsync(threadId, new JsonObject { ["action"] = "edit", ["args"] = new JsonObject { ["to"] = 5 } }));

        Assert.Equal("invalid-answer", refused.Reason);
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single((await host.Client.GetStateAsync(threadId))!.Interrupts).Id);
        var raised = Assert.Single(await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId));
        Assert.Equal(["approve", "edit", "reject", "respond"], raised.Interrupt.Answer!.Actions.Select(a => a.Name));
    }

    private static async Task<ThreadStateSnapshot> StartAsync(InterludeHarness host, string threadId)
    {
        var input = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Tell the team we shipped" }) };
        var paused = await host.Client.InvokeAsync("tool-review", input, threadId);
        Assert.Equal("interrupted", paused.Status);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal("review", interrupt.Node);
        Assert.Equal("send_email", interrupt.Value!.Value.GetProperty("tool_call").GetProperty("name").GetString());
        Assert.Equal("Tell the team we shipped", interrupt.Value!.Value.GetProperty("tool_call").GetProperty("args").GetProperty("body").GetString());
        return paused;
    }
}
