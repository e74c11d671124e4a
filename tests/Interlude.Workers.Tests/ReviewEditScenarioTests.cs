using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's "review and edit state": the person's answer replaces the generated text.</summary>
public sealed class ReviewEditScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task ReviewEdit_EditedText_ReplacesGeneratedText(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("review-edit", new JsonObject { ["generated_text"] = "Teh draft" }, threadId);

        Assert.Equal("interrupted", paused.Status);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal("Teh draft", interrupt.Value!.Value.GetProperty("content").GetString());
        Assert.Equal("Review and edit this text", interrupt.Value!.Value.GetProperty("instruction").GetString());
        var raised = await host.PublishedAsync<InterruptRaised>(m => m.ThreadId == threadId);
        Assert.Equal(interrupt.Id, raised.Interrupt.Id);

        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create("The draft, edited"));

        Assert.Equal("completed", done.Status);
        Assert.Equal("The draft, edited", done.Values.GetProperty("generated_text").GetString());
        var step = Assert.Single(await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId));
        Assert.Equal("The draft, edited", step.Writes.GetProperty("review").GetProperty("generated_text").GetString());
    }

    [StoreTheory]
    public async Task ReviewEdit_NonStringAnswer_IsRefusedAndTheTextStays(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("review-edit", new JsonObject { ["generated_text"] = "Draft" }, threadId);

        var refused = await Assert.ThrowsAsync<Interlude.Client.ThreadCommandException>(
            () => host.Client.ResumeAsync(threadId, JsonValue.Create(42)));

        Assert.Equal("invalid-answer", refused.Reason);
        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("interrupted", state!.Status);
        Assert.Equal(paused.Interrupts[0].Id, Assert.Single(state.Interrupts).Id);
        Assert.Equal("Draft", state.Values.GetProperty("generated_text").GetString());
    }
}
