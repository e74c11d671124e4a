using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>A second copy of a command or a result changes nothing: same idempotency key, redelivered start, duplicate task result.</summary>
public sealed class DuplicateScenarioTests : ScenarioTests
{
    private static readonly JsonObject ApprovalInput = new() { ["action_details"] = "deploy", ["status"] = "pending" };

    [StoreTheory]
    public async Task Duplicates_SameResumeKeyTwice_OneEffectAndBothCopiesAnswered(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);

        var copies = await Task.WhenAll(
            host.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "answer-1"),
            host.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "answer-1"));
        var late = await host.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "answer-1");

        Assert.All(copies.Append(late), s => Assert.Equal("completed", s.Status));
        Assert.All(copies.Append(late), s => Assert.Equal(copies[0].CheckpointId, s.CheckpointId));
        Assert.Equal("approved", late.Values.GetProperty("status").GetString());
        var resolved = Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.Equal(paused.Interrupts[0].Id, resolved.InterruptId);
        Assert.Equal(["approval", "approval", "proceed"], (await host.NodeRunsAsync(threadId)));
        Assert.Single(await host.SeenAsync<ThreadCompleted>(m => m.ThreadId == threadId));
        Assert.False(await host.AnyAsync<ResumeRejected>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Duplicates_SameResumeKeyWithAnotherAnswer_RefusedAsReused_AndTheFirstAnswerStands(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true), idempotencyKey: "answer-1");

        var reused = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, JsonValue.Create(false), idempotencyKey: "answer-1"));
        await host.Harness.Bus.Publish(new ResumeRequested { ThreadId = threadId, Resume = JsonSerializer.SerializeToElement(false), IdempotencyKey = "answer-1" });
        var published = await host.PublishedAsync<ResumeRejected>(m => m.ThreadId == threadId, 2);

        Assert.Equal("idempotency-key-reused", reused.Reason);
        Assert.All(published, r => Assert.Equal("idempotency-key-reused", r.Reason));
        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal((done.Revision, "approved"), (state!.Revision, state.Values.GetProperty("status").GetString()));
        Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Duplicates_SameResumeKeyOnTheBus_AnsweredInterruptRunsItsNodeOnce(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        var watch = new ConsumeWatch();
        await using var host = await Start(store, [AskGraph(entries)], services => services.AddConsumeObserver(_ => watch));
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("ask", [], threadId);

        var resume = new ResumeRequested { ThreadId = threadId, Resume = JsonSerializer.SerializeToElement("yes"), IdempotencyKey = "queue-7" };
        await host.Harness.Bus.Publish(resume);
        await host.Harness.Bus.Publish(resume);
        await watch.WhenConsumed<ResumeRequested>(m => m.ThreadId == threadId, 2);
        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("completed", state!.Status);
        Assert.Equal(["yes"], state.Values.GetProperty("answers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, entries["ask"]);
        Assert.Single(await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
        Assert.False(await host.AnyAsync<ResumeRejected>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Duplicates_RedeliveredStartWithTheSameMessageId_CreatesOneThread(ThreadStore store)
    {
        var watch = new ConsumeWatch();
        await using var host = await Start(store, configure: services => services.AddConsumeObserver(_ => watch));
        var threadId = InterludeHarness.NewThreadId();
        var messageId = NewId.NextGuid();
        var start = new StartThread { ThreadId = threadId, Graph = "approval", Input = JsonSerializer.SerializeToElement(ApprovalInput) };

        await host.Harness.Bus.Publish(start, context => context.MessageId = messageId);
        await host.Harness.Bus.Publish(start, context => context.MessageId = messageId);
        await watch.WhenConsumed<StartThread>(m => m.ThreadId == threadId, 2);
        await host.PublishedAsync<InterruptRaised>(m => m.ThreadId == threadId);

        Assert.Single(await host.SeenAsync<ThreadStarted>(m => m.ThreadId == threadId));
        Assert.Equal(["approval"], (await host.NodeRunsAsync(threadId)));
        Assert.False(await host.AnyAsync<CommandRejected>(m => m.ThreadId == threadId));

        // A retried request with the same message id is answered as the first, not refused as thread-exists.
        var client = host.Harness.GetRequestClient<StartThread>();
        var response = await client.GetResponse<ThreadStateSnapshot, CommandRejected>(start, request => request.UseExecute(context => context.MessageId = messageId));
        Assert.True(response.Is(out Response<ThreadStateSnapshot>? snapshot));
        Assert.Equal("interrupted", snapshot.Message.Status);
        Assert.Single(await host.SeenAsync<ThreadStarted>(m => m.ThreadId == threadId));
        Assert.Single(await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Duplicates_NodeExecutedTwiceWhileTheStepRuns_SecondCopyIgnored(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new ConsumeWatch();
        await using var host = await Start(store, [SlowSiblingGraph(entries, release.Task)], services => services.AddConsumeObserver(_ => watch));
        var threadId = InterludeHarness.NewThreadId();

        var running = host.Client.InvokeAsync("slow-sibling", [], threadId);
        try
        {
            var fast = await host.PublishedAsync<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "fast");
            await watch.WhenConsumed<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "fast", 1);
            var before = await host.Client.GetStateAsync(threadId);

            await host.Harness.Bus.Publish(fast);
            await watch.WhenConsumed<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "fast", 2);

            var after = await host.Client.GetStateAsync(threadId);
            Assert.Equal("running", after!.Status);
            Assert.Equal(["slow"], after.Next);
            Assert.Equal(before!.Revision, after.Revision);
        }
        finally
        {
            release.TrySetResult();
        }

        var done = await running;

        Assert.Equal("completed", done.Status);
        Assert.Equal(["fast", "slow"], done.Values.GetProperty("vals").EnumerateArray().Select(v => v.GetString()));
        Assert.Single(await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId));
        Assert.Equal(1, entries["fast"]);
        Assert.Equal(1, entries["slow"]);
    }

    [StoreTheory]
    public async Task Duplicates_NodeExecutedAgainAfterTheThreadEnded_Ignored(ThreadStore store)
    {
        var watch = new ConsumeWatch();

        // No chains: proceed reports in a NodeExecuted of its own, not as a step of approval's.
        await using var host = await Start(store, configure: services => services.AddConsumeObserver(_ => watch).Configure<InterludeOptions>(o => o.Nodes.MaxChainSteps = 1));
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("approval", ApprovalInput.DeepClone().AsObject(), threadId);
        var done = await host.Client.ResumeAsync(threadId, JsonValue.Create(true));
        var proceed = await host.PublishedAsync<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "proceed");
        await watch.WhenConsumed<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "proceed", 1);

        await host.Harness.Bus.Publish(proceed with { Writes = JsonSerializer.SerializeToElement(new { status = "tampered" }) });
        await watch.WhenConsumed<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "proceed", 2);

        var after = await host.Client.GetStateAsync(threadId);
        Assert.Equal(done.Revision, after!.Revision);
        Assert.Equal(done.CheckpointId, after.CheckpointId);
        Assert.Equal("approved", after.Values.GetProperty("status").GetString());
        Assert.Single(await host.SeenAsync<ThreadCompleted>(m => m.ThreadId == threadId));
    }

    private static CompiledGraph AskGraph(ConcurrentDictionary<string, int> entries) =>
        new StateGraph<AskState>("ask")
            .Channel(s => s.Answers, Reducers.Append)
            .AddNode("ask", (_, ctx) =>
            {
                entries.AddOrUpdate("ask", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Answers, [ctx.Interrupt<string>("well?")]);
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();

    private static CompiledGraph SlowSiblingGraph(ConcurrentDictionary<string, int> entries, Task release) =>
        new StateGraph<Values>("slow-sibling")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("fast", (_, ctx) =>
            {
                entries.AddOrUpdate("fast", 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Vals, ["fast"]);
            })
            .AddNode("slow", async (_, ctx) =>
            {
                entries.AddOrUpdate("slow", 1, (_, n) => n + 1);
                await release.WaitAsync(TimeSpan.FromSeconds(30));
                return ctx.Update().Set(s => s.Vals, ["slow"]);
            })
            .AddEdge(GraphNames.Start, "fast")
            .AddEdge(GraphNames.Start, "slow")
            .AddEdge("fast", GraphNames.End)
            .AddEdge("slow", GraphNames.End)
            .Compile();

    private sealed record AskState
    {
        public List<string> Answers { get; init; } = [];
    }

    private sealed record Values
    {
        public List<string> Vals { get; init; } = [];
    }
}
