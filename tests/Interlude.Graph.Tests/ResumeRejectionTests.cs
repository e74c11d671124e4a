using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class ResumeRejectionTests
{
    private sealed record State
    {
        public string? Name { get; init; }

        public int? Age { get; init; }
    }

    private static readonly AnswerValidator PositiveInteger = new(
        "positive-integer",
        answer => answer is JsonValue value && value.TryGetValue<int>(out var n) && n > 0 ? null : $"{GraphJson.Compact(answer)} is not a positive integer");

    private static (CompiledGraph Graph, Func<int> Entries) TwoQuestions()
    {
        var entries = 0;
        var graph = new StateGraph<State>("questions")
            .AddValidator(PositiveInteger)
            .AddNode("ask", (s, ctx) =>
            {
                entries++;
                var name = ctx.Interrupt<string>("name?");
                var age = ctx.Interrupt<int>("age?", new InterruptOptions { Validator = PositiveInteger });
                return ctx.Update().Set(x => x.Name, name).Set(x => x.Age, age);
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        return (graph, () => entries);
    }

    private static async Task AssertRefusedUnchanged(GraphExecutor executor, ThreadCheckpoint checkpoint, ResumeCommand command, string reason)
    {
        var before = checkpoint.ToJson();
        var plans = executor.Plans.Count;

        var rejection = await executor.ResumeAsync(checkpoint, command);

        Assert.NotNull(rejection);
        Assert.Equal(reason, rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal(plans, executor.Plans.Count);
    }

    [Fact]
    public async Task Resume_CompletedThread_RefusedNotInterrupted()
    {
        var (graph, entries) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        await executor.ResumeOk(checkpoint, Graphs.Answer("Ann"));
        await executor.ResumeOk(checkpoint, Graphs.Answer(7));
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);

        await AssertRefusedUnchanged(executor, checkpoint, Graphs.Answer("again"), RejectionReasons.NotInterrupted);
        Assert.Equal(3, entries());
    }

    [Fact]
    public async Task Resume_UnknownInterruptId_RefusedUnknownInterrupt()
    {
        var (graph, entries) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await AssertRefusedUnchanged(executor, checkpoint, Graphs.Answers(("0123456789abcdef0123456789abcdef", "x")), RejectionReasons.UnknownInterrupt);
        Assert.Equal(1, entries());
    }

    [Fact]
    public async Task Resume_IdOfAnotherThread_RefusedUnknownInterrupt()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var mine = await executor.StartAsync("mine", null);
        var other = await executor.StartAsync("other", null);

        await AssertRefusedUnchanged(executor, mine, Graphs.Answers((Assert.Single(other.OpenInterrupts).Id, "x")), RejectionReasons.UnknownInterrupt);
    }

    [Fact]
    public async Task Resume_AlreadyResolvedId_RefusedAlreadyResolved()
    {
        var (graph, entries) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var first = Assert.Single(checkpoint.OpenInterrupts).Id;
        await executor.ResumeOk(checkpoint, Graphs.Answers((first, "Ann")));
        Assert.NotEqual(first, Assert.Single(checkpoint.OpenInterrupts).Id);

        await AssertRefusedUnchanged(executor, checkpoint, Graphs.Answers((first, "Bea")), RejectionReasons.AlreadyResolved);
        Assert.Equal(2, entries());
    }

    [Fact]
    public async Task Resume_EmptyMap_RefusedMalformed()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await AssertRefusedUnchanged(executor, checkpoint, ResumeCommand.ByIds(new Dictionary<string, JsonNode?>()), RejectionReasons.Malformed);
    }

    [Fact]
    public async Task Resume_AnswerRefusedByValidator_InterruptStaysOpenThenValidAnswerWorks()
    {
        var (graph, entries) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        await executor.ResumeOk(checkpoint, Graphs.Answer("Ann"));
        var ageQuestion = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("positive-integer", ageQuestion.Validator);

        var before = checkpoint.ToJson();
        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answer("thirty"));

        Assert.Equal(RejectionReasons.InvalidAnswer, rejection!.Reason);
        Assert.Contains("\"thirty\" is not a positive integer", rejection.Message, StringComparison.Ordinal);
        Assert.Contains(ageQuestion.Id, rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, checkpoint.ToJson());
        Assert.Equal(ageQuestion.Id, Assert.Single(checkpoint.OpenInterrupts).Id);
        Assert.Equal(2, entries());

        await executor.ResumeOk(checkpoint, Graphs.Answers((ageQuestion.Id, 30)));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(30, checkpoint.Values["age"]!.GetValue<int>());
        Assert.Equal(3, entries());
    }

    [Fact]
    public async Task Update_FinishedThread_RefusedAlreadyFinished()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        await executor.ResumeOk(checkpoint, Graphs.Answer("Ann"));
        await executor.ResumeOk(checkpoint, Graphs.Answer(7));
        var before = checkpoint.ToJson();

        var rejection = await executor.UpdateAsync(checkpoint, new JsonObject { ["name"] = "Zed" }, null);

        Assert.Equal(RejectionReasons.AlreadyFinished, rejection!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Update_AsUnknownNode_RefusedUnknownNode()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var before = checkpoint.ToJson();

        var rejection = await executor.UpdateAsync(checkpoint, new JsonObject { ["name"] = "Zed" }, "nobody");

        Assert.Equal(RejectionReasons.UnknownNode, rejection!.Reason);
        Assert.Contains("'nobody'", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Update_UnknownChannel_RefusedMalformed()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var before = checkpoint.ToJson();

        var rejection = await executor.UpdateAsync(checkpoint, new JsonObject { ["nonsense"] = 1 }, null);

        Assert.Equal(RejectionReasons.Malformed, rejection!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public void Update_RunningThread_RefusedNotInterrupted()
    {
        var (graph, _) = TwoQuestions();
        var planner = new ThreadPlanner(graph);
        var (checkpoint, _) = planner.Start("t", null, TestClock.Epoch);
        Assert.Equal(ThreadStatus.Running, checkpoint!.Status);
        var before = checkpoint.ToJson();

        var result = planner.Update(checkpoint, new JsonObject { ["name"] = "x" }, null, TestClock.Epoch);

        Assert.Equal(RejectionReasons.NotInterrupted, result.Rejected!.Reason);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Outcome_LateResultForTaskNoLongerRunning_Ignored()
    {
        var (graph, _) = TwoQuestions();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var before = checkpoint.ToJson();
        var duplicate = new TaskOutcome { TaskId = checkpoint.Tasks[0].Id, Kind = TaskOutcomeKind.Completed };

        var result = executor.Planner.ApplyOutcome(checkpoint, duplicate, TestClock.Epoch);

        Assert.True(result.Ignored);
        Assert.Equal(before, checkpoint.ToJson());
    }
}
