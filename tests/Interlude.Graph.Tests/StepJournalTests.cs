using System.Text.Json.Nodes;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class StepJournalTests
{
    private sealed record State
    {
        public int? Charged { get; init; }

        public List<int>? Seen { get; init; }

        public int Rounds { get; init; }
    }

    private sealed record Receipt(string Id, decimal Amount);

    [Fact]
    public async Task Step_NodeReRunsAfterTwoInterrupts_WorkRunsOnceAndEveryEntryGetsJournaledResult()
    {
        var entries = 0;
        var work = 0;
        var results = new List<int>();
        var graph = new StateGraph<State>("step")
            .AddNode("charge", async (s, ctx) =>
            {
                entries++;
                var charged = await ctx.Step("charge-card", () =>
                {
                    work++;
                    return 42;
                });
                results.Add(charged);
                ctx.Interrupt("confirm?");
                ctx.Interrupt("really?");
                return ctx.Update().Set(x => x.Charged, charged);
            })
            .AddEdge(GraphNames.Start, "charge")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, Graphs.Answer(true));
        await executor.ResumeOk(checkpoint, Graphs.Answer(true));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(3, entries);
        Assert.Equal(1, work);
        Assert.Equal([42, 42, 42], results);
        Assert.Equal(42, checkpoint.Values["charged"]!.GetValue<int>());
    }

    [Fact]
    public async Task Step_JournalTravelsWithInterruptedTask()
    {
        var graph = new StateGraph<State>("step")
            .AddNode("charge", async (s, ctx) =>
            {
                await ctx.Step("charge-card", () => 7);
                ctx.Interrupt("confirm?");
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "charge")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        var journal = Assert.Single(checkpoint.Tasks).Journal;
        Assert.Equal(7, journal["step:charge-card"]!.GetValue<int>());
    }

    [Fact]
    public async Task Step_RepeatedNameInLoop_DistinctJournalEntriesReplayedInOrder()
    {
        var work = 0;
        var runs = new List<List<int>>();
        var graph = new StateGraph<State>("loop")
            .AddNode("fetch", async (s, ctx) =>
            {
                var seen = new List<int>();
                for (var i = 0; i < 3; i++)
                {
                    seen.Add(await ctx.Step("fetch-page", () => ++work * 10));
                }

                runs.Add(seen);
                ctx.Interrupt("done?");
                return ctx.Update().Set(x => x.Seen, seen);
            })
            .AddEdge(GraphNames.Start, "fetch")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var journal = (JsonObject)checkpoint.Tasks[0].Journal.DeepClone();

        await executor.ResumeOk(checkpoint, Graphs.Answer("yes"));

        Assert.Equal(["step:fetch-page", "step:fetch-page#2", "step:fetch-page#3"], journal.Select(p => p.Key));
        Assert.Equal(3, work);
        Assert.Equal([[10, 20, 30], [10, 20, 30]], runs);
        Assert.Equal("[10,20,30]", checkpoint.Values["seen"]!.ToJsonString());
    }

    [Fact]
    public async Task Step_TypedResult_RoundTripsThroughJournal()
    {
        var receipts = new List<Receipt>();
        var graph = new StateGraph<State>("typed")
            .AddNode("pay", async (s, ctx) =>
            {
                receipts.Add(await ctx.Step("pay", _ => Task.FromResult(new Receipt(Guid.NewGuid().ToString("N"), 12.5m))));
                ctx.Interrupt("ok?");
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "pay")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, Graphs.Answer(true));

        Assert.Equal(2, receipts.Count);
        Assert.Equal(receipts[0], receipts[1]);
    }

    [Fact]
    public async Task Step_TaskRunnerGivenJournal_ReturnsRecordedValueWithoutRunningWork()
    {
        var work = 0;
        var graph = new StateGraph<State>("runner")
            .AddNode("n", async (s, ctx) => ctx.Update().Set(x => x.Charged, await ctx.Step("x", () => ++work)))
            .AddEdge(GraphNames.Start, "n")
            .Compile();
        var request = new TaskRequest { ThreadId = "t", TaskId = "k", Node = "n", Values = [], Journal = new JsonObject { ["step:x"] = 99 } };

        var outcome = await TaskRunner.RunAsync(graph, request, default);

        Assert.Equal(TaskOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(0, work);
        Assert.Equal(99, outcome.Writes["charged"]!.GetValue<int>());
        Assert.Equal(99, request.Journal["step:x"]!.GetValue<int>());
    }

    [Fact]
    public async Task Step_SameNodeInALaterStep_IsANewTaskAndRunsItsWorkAgain()
    {
        var work = 0;
        var graph = new StateGraph<State>("again")
            .Channel(s => s.Seen, Reducers.Append)
            .AddNode("tick", async (s, ctx) =>
            {
                var n = await ctx.Step("tick", () => ++work);
                return ctx.Update().Set(x => x.Rounds, s.Rounds + 1).Set(x => x.Seen, [n]);
            })
            .AddEdge(GraphNames.Start, "tick")
            .AddConditionalEdges("tick", s => s.Rounds < 3 ? "tick" : GraphNames.End)
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(3, work);
        Assert.Equal("[1,2,3]", checkpoint.Values["seen"]!.ToJsonString());
    }
}
