using System.Text.Json;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Tests;

public sealed class GraphThreadStateMachineTests
{
    private sealed record State
    {
        public string? Topic { get; init; }

        public string? Notes { get; init; }
    }

    private static CompiledGraph Graph(GraphOptions? options = null) =>
        new StateGraph<State>("notes")
            .AddNode("research", (s, ctx) => ctx.Update().Set(x => x.Notes, "notes on " + s.Topic))
            .AddEdge(GraphNames.Start, "research")
            .Compile(options);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task Start_PlainGraph_DispatchesTheEntryNodeAndStaysRunning()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());
        var threadId = "t-" + Guid.NewGuid().ToString("N");

        await saga.Harness.Bus.Publish(new StartThread { ThreadId = threadId, Graph = "notes", Input = Json("""{"topic":"otters"}""") });

        Assert.True(await saga.Harness.Published.Any<ExecuteNode>(m => m.Context.Message.ThreadId == threadId && m.Context.Message.Node == "research"));
        Assert.NotNull(await saga.Saga.Exists(ThreadIdentity.ToGuid(threadId), s => s.Running));
        var published = saga.Harness.Published.Select<ExecuteNode>(m => m.Context.Message.ThreadId == threadId).Single().Context.Message;
        Assert.Equal("otters", published.Values.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Start_BreakpointBeforeEntry_PausesWithoutDispatching()
    {
        await using var saga = await SagaHarness.StartAsync(Graph(new GraphOptions { InterruptBefore = new HashSet<string> { "research" } }));
        var threadId = "t-" + Guid.NewGuid().ToString("N");

        await saga.Harness.Bus.Publish(new StartThread { ThreadId = threadId, Graph = "notes" });

        var raised = await saga.Harness.Published.SelectAsync<InterruptRaised>(m => m.Context.Message.ThreadId == threadId).FirstAsync();
        Assert.Equal("before", raised.Context.Message.Interrupt.When);
        Assert.Equal("research", raised.Context.Message.Interrupt.Node);
        Assert.NotNull(await saga.Saga.Exists(ThreadIdentity.ToGuid(threadId), s => s.Interrupted));
        Assert.False(saga.Harness.Published.Select<ExecuteNode>(m => m.Context.Message.ThreadId == threadId).Any());
    }

    [Fact]
    public async Task GetThreadState_UnknownThread_AnswersNotFound()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());

        var response = await saga.Harness.GetRequestClient<GetThreadState>()
            .GetResponse<ThreadStateSnapshot, ThreadNotFound>(new GetThreadState { ThreadId = "nobody" });

        Assert.True(response.Is(out MassTransit.Response<ThreadNotFound>? notFound));
        Assert.Equal("nobody", notFound!.Message.ThreadId);
    }

    [Fact]
    public async Task Start_UnknownGraph_IsRefusedAndCreatesNoThread()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());
        var threadId = "t-" + Guid.NewGuid().ToString("N");

        var refusal = await saga.Request<StartThread, CommandRejected>(new StartThread { ThreadId = threadId, Graph = "nope" });

        Assert.Equal(RejectionReasons.GraphNotFound, refusal.Reason);
        Assert.Null(await saga.Saga.Exists(ThreadIdentity.ToGuid(threadId), TimeSpan.FromMilliseconds(300)));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Start_InvalidThreadId_IsRefusedAsMalformed(string threadId)
    {
        await using var saga = await SagaHarness.StartAsync(Graph());

        var refusal = await saga.Request<StartThread, CommandRejected>(new StartThread { ThreadId = threadId, Graph = "notes" });

        Assert.Equal(RejectionReasons.Malformed, refusal.Reason);
    }

    [Fact]
    public async Task Resume_WhileRunning_IsRefusedAndChangesNothing()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());
        var threadId = "t-" + Guid.NewGuid().ToString("N");
        await saga.Harness.Bus.Publish(new StartThread { ThreadId = threadId, Graph = "notes" });
        Assert.NotNull(await saga.Saga.Exists(ThreadIdentity.ToGuid(threadId), s => s.Running));
        var before = await saga.Request<GetThreadState, ThreadStateSnapshot>(new GetThreadState { ThreadId = threadId });

        var refusal = await saga.Request<ResumeRequested, ResumeRejected>(new ResumeRequested { ThreadId = threadId, Resume = Json("true") });

        Assert.Equal(RejectionReasons.NotInterrupted, refusal.Reason);
        var after = await saga.Request<GetThreadState, ThreadStateSnapshot>(new GetThreadState { ThreadId = threadId });
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.CheckpointId, after.CheckpointId);
    }

    [Fact]
    public async Task NodeExecuted_ForUnknownTask_IsIgnored()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());
        var threadId = "t-" + Guid.NewGuid().ToString("N");
        await saga.Harness.Bus.Publish(new StartThread { ThreadId = threadId, Graph = "notes" });
        Assert.NotNull(await saga.Saga.Exists(ThreadIdentity.ToGuid(threadId), s => s.Running));
        var before = await saga.Request<GetThreadState, ThreadStateSnapshot>(new GetThreadState { ThreadId = threadId });

        await saga.Harness.Bus.Publish(new NodeExecuted { ThreadId = threadId, TaskId = "not-a-task", Node = "research", Outcome = "completed", Writes = Json("""{"notes":"forged"}""") });
        Assert.True(await saga.Saga.Consumed.Any<NodeExecuted>(m => m.Context.Message.ThreadId == threadId));

        var after = await saga.Request<GetThreadState, ThreadStateSnapshot>(new GetThreadState { ThreadId = threadId });
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal("running", after.Status);
    }

    [Fact]
    public async Task NodeExecuted_ForTheDispatchedTask_CompletesTheThread()
    {
        await using var saga = await SagaHarness.StartAsync(Graph());
        var threadId = "t-" + Guid.NewGuid().ToString("N");
        await saga.Harness.Bus.Publish(new StartThread { ThreadId = threadId, Graph = "notes" });
        var task = (await saga.Harness.Published.SelectAsync<ExecuteNode>(m => m.Context.Message.ThreadId == threadId).FirstAsync()).Context.Message;

        await saga.Harness.Bus.Publish(new NodeExecuted { ThreadId = threadId, TaskId = task.TaskId, Node = task.Node, Outcome = "completed", Writes = Json("""{"notes":"n"}""") });

        Assert.True(await saga.Harness.Published.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == threadId));
        var state = await saga.Request<GetThreadState, ThreadStateSnapshot>(new GetThreadState { ThreadId = threadId });
        Assert.Equal("completed", state.Status);
        Assert.Equal("n", state.Values.GetProperty("notes").GetString());
    }
}
