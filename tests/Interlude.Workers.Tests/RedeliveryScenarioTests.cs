using System.Text.Json;
using Interlude.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>Every message that changes a thread, delivered twice with the same message id, has one effect.</summary>
public sealed class RedeliveryScenarioTests : ScenarioTests
{
    private static readonly JsonElement ApprovalInput = JsonSerializer.SerializeToElement(new { action_details = "deploy", status = "pending" });

    [StoreTheory]
    public async Task Redelivery_EveryThreadCommand_SecondCopyChangesNothing(ThreadStore store)
    {
        var watch = new ConsumeWatch();
        await using var host = await Start(store, configure: services => services.AddConsumeObserver(_ => watch));
        var threadId = InterludeHarness.NewThreadId("twice");

        await DeliverTwice(host, watch, threadId, new StartThread { ThreadId = threadId, Graph = "approval", Input = ApprovalInput });
        var paused = await host.Client.GetStateAsync(threadId);
        await DeliverTwice(host, watch, threadId, new UpdateThreadState { ThreadId = threadId, Values = JsonSerializer.SerializeToElement(new { action_details = "deploy twice" }) });
        await DeliverTwice(host, watch, threadId, new ResumeRequested { ThreadId = threadId, Resume = JsonSerializer.SerializeToElement(false) });
        await host.PublishedAsync<ThreadCompleted>(m => m.ThreadId == threadId);
        await DeliverTwice(host, watch, threadId, new ReplayThread { ThreadId = threadId, CheckpointId = paused!.CheckpointId });
        await DeliverTwice(host, watch, threadId, new CancelThread { ThreadId = threadId });

        var state = await host.Client.GetStateAsync(threadId);
        Assert.Equal("cancelled", state!.Status);
        Assert.Single(await host.SeenAsync<ThreadStarted>(m => m.ThreadId == threadId));
        Assert.Single(await host.SeenAsync<ThreadCancelled>(m => m.ThreadId == threadId));
        Assert.Empty(await host.SeenAsync<CommandRejected>(m => m.ThreadId == threadId));
    }

    [StoreTheory]
    public async Task Redelivery_NodeResult_SecondCopyChangesNothing(ThreadStore store)
    {
        var watch = new ConsumeWatch();
        await using var host = await Start(store, configure: services => services.AddConsumeObserver(_ => watch));
        var threadId = InterludeHarness.NewThreadId("twice");
        await host.Client.InvokeAsync("approval", null, threadId);
        var task = (await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId)).Single();
        var before = await host.Client.GetStateAsync(threadId);

        await DeliverTwice(host, watch, threadId, new NodeExecuted { ThreadId = threadId, TaskId = task.TaskId, Node = task.Node, Outcome = "completed" });

        var after = await host.Client.GetStateAsync(threadId);
        Assert.Equal(before!.Revision, after!.Revision);
    }

    [StoreTheory]
    public async Task Redelivery_TaskWhoseResultTheThreadHas_NodeDoesNotRunAgain(ThreadStore store)
    {
        var entries = 0;
        var graph = new Interlude.Graph.StateGraph<Counted>("counted")
            .AddNode("work", (_, ctx) =>
            {
                Interlocked.Increment(ref entries);
                return ctx.Update().Set(s => s.Done, true);
            })
            .AddNode("ask", (_, ctx) => ctx.Update().Set(s => s.Done, ctx.Interrupt<bool>("ok?")))
            .AddEdge(Interlude.Graph.GraphNames.Start, "work")
            .AddEdge("work", "ask")
            .Compile();
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId("twice");
        await host.Client.InvokeAsync("counted", null, threadId);
        var work = (await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId && m.Node == "work")).Single();

        await host.Harness.Bus.Publish(work);
        await host.SeenAsync<ExecuteNode>(m => m.ThreadId == threadId);

        Assert.Equal(1, entries);
        Assert.Empty(await host.SeenAsync<NodeExecuted>(m => m.ThreadId == threadId && m.Node == "work" && m.Outcome != "completed"));
        Assert.Equal("interrupted", (await host.Client.GetStateAsync(threadId))!.Status);
    }

    private sealed record Counted
    {
        public bool Done { get; init; }
    }

    /// <summary>Publishes <paramref name="message"/> twice with one message id; the second copy must leave the thread as the first left it.</summary>
    private static async Task DeliverTwice<T>(InterludeHarness host, ConsumeWatch watch, string threadId, T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await host.Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await watch.WhenReceived(messageId, 1);
        await host.SeenAsync<T>(_ => true);
        var first = await host.Client.GetStateAsync(threadId);

        await host.Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await watch.WhenReceived(messageId, 2);
        await host.SeenAsync<T>(_ => true);

        var second = await host.Client.GetStateAsync(threadId);
        Assert.Equal(first!.Revision, second!.Revision);
        Assert.Equal(first.CheckpointId, second.CheckpointId);
        Assert.Equal(first.Status, second.Status);
    }
}
