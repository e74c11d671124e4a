using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class InterruptTests
{
    private sealed record State
    {
        public string? Answer { get; init; }

        public string? Name { get; init; }

        public int? Age { get; init; }

        public bool? Approved { get; init; }
    }

    private sealed record Decision(bool Approved, string? Reason);

    private sealed record Question(string Text, IReadOnlyList<string> Choices);

    private static CompiledGraph SingleAsk(Action onEntry, Action onAfter) =>
        new StateGraph<State>("single")
            .AddNode("ask", (s, ctx) =>
            {
                onEntry();
                var answer = ctx.Interrupt<string>("What is your name?");
                onAfter();
                return ctx.Update().Set(x => x.Answer, answer);
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();

    [Fact]
    public async Task SingleInterrupt_Start_PausesWithOneOpenInterruptDuringTheNode()
    {
        var graph = SingleAsk(() => { }, () => { });

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var open = Assert.Single(checkpoint.OpenInterrupts);
        Assert.Equal("What is your name?", open.Value!.GetValue<string>());
        Assert.Equal("ask", open.Node);
        Assert.Equal(InterruptWhen.During, open.When);
        Assert.Empty(open.Ns);
        Assert.Equal(0, open.Index);
        Assert.Equal(checkpoint.Tasks[0].Id, open.TaskId);
        Assert.Equal(["ask"], checkpoint.Next);
        Assert.Null(checkpoint.Values["answer"]);
    }

    [Fact]
    public async Task SingleInterrupt_Resume_NodeRerunsFromStartAndInterruptReturnsAnswer()
    {
        var entries = 0;
        var after = 0;
        var executor = new GraphExecutor(SingleAsk(() => entries++, () => after++));
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, Graphs.Answer("Alice"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("Alice", checkpoint.Text("answer"));
        Assert.Equal(2, entries);
        Assert.Equal(1, after);
        Assert.Empty(checkpoint.OpenInterrupts);
    }

    [Fact]
    public async Task InterruptIds_ThirtyTwoLowercaseHex_SameThreadIdGivesSameId()
    {
        var graph = SingleAsk(() => { }, () => { });

        var first = await new GraphExecutor(graph).StartAsync("thread-1", null);
        var again = await new GraphExecutor(graph).StartAsync("thread-1", null);

        var id = Assert.Single(first.OpenInterrupts).Id;
        Graphs.AssertInterruptId(id);
        Assert.Equal(id, Assert.Single(again.OpenInterrupts).Id);
    }

    [Fact]
    public async Task InterruptIds_DifferentThreads_DifferentIds()
    {
        var graph = SingleAsk(() => { }, () => { });

        var one = await new GraphExecutor(graph).StartAsync("thread-1", null);
        var two = await new GraphExecutor(graph).StartAsync("thread-2", null);

        Assert.NotEqual(Assert.Single(one.OpenInterrupts).Id, Assert.Single(two.OpenInterrupts).Id);
    }

    [Fact]
    public async Task InterruptIds_TaskRunAgainWithoutAnswer_RaisesSameId_AnsweredCallThenReturnsAnswer()
    {
        var graph = new StateGraph<State>("ids")
            .AddNode("ask", (s, ctx) =>
            {
                var name = ctx.Interrupt<string>("name?");
                var age = ctx.Interrupt<int>("age?");
                return ctx.Update().Set(x => x.Name, name).Set(x => x.Age, age);
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var request = new TaskRequest { ThreadId = "t", TaskId = "task-1", Node = "ask", Values = [] };

        var first = await TaskRunner.RunAsync(graph, request, default);
        var second = await TaskRunner.RunAsync(graph, request, default);
        var id0 = Assert.Single(first.Interrupts).Id;
        var answered = await TaskRunner.RunAsync(graph, request with { Resume = new Dictionary<string, JsonNode?> { [id0] = "Ann" } }, default);
        var otherTask = await TaskRunner.RunAsync(graph, request with { TaskId = "task-2" }, default);

        Assert.Equal(TaskOutcomeKind.Interrupted, first.Kind);
        Assert.Equal(id0, Assert.Single(second.Interrupts).Id);
        var id1 = Assert.Single(answered.Interrupts);
        Assert.Equal(1, id1.Index);
        Graphs.AssertInterruptId(id1.Id);
        Assert.NotEqual(id0, id1.Id);
        Assert.NotEqual(id0, Assert.Single(otherTask.Interrupts).Id);
        Assert.Equal(["ask:task-1"], first.Interrupts[0].Path);
    }

    [Fact]
    public async Task ValidationLoop_ThirtyThenMinusTwentyThenThirty_ThreeDistinctIdsSameTaskFourEntries()
    {
        var entries = 0;
        var calls = 0;
        var graph = new StateGraph<State>("validate-age")
            .AddNode("ask", (s, ctx) =>
            {
                entries++;
                var prompt = "How old are you?";
                while (true)
                {
                    calls++;
                    var answer = ctx.Interrupt(prompt);
                    if (answer is JsonValue value && value.TryGetValue<int>(out var age) && age > 0)
                    {
                        return ctx.Update().Set(x => x.Age, age);
                    }

                    var quoted = answer is JsonValue text && text.TryGetValue<string>(out var str) ? str : GraphJson.Compact(answer);
                    prompt = $"'{quoted}' is not a valid age. How old are you?";
                }
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var surfaced = new List<InterruptRecord> { Assert.Single(checkpoint.OpenInterrupts) };

        await executor.ResumeOk(checkpoint, Graphs.Answer("thirty"));
        surfaced.Add(Assert.Single(checkpoint.OpenInterrupts));
        await executor.ResumeOk(checkpoint, Graphs.Answer(-20));
        surfaced.Add(Assert.Single(checkpoint.OpenInterrupts));
        await executor.ResumeOk(checkpoint, Graphs.Answer(30));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(30, checkpoint.Values["age"]!.GetValue<int>());
        Assert.Equal(3, surfaced.Select(i => i.Id).Distinct().Count());
        Assert.Single(surfaced.Select(i => i.TaskId).Distinct());
        Assert.Equal([0, 1, 2], surfaced.Select(i => i.Index));
        Assert.Equal("How old are you?", surfaced[0].Value!.GetValue<string>());
        Assert.StartsWith("'thirty' is not a valid age", surfaced[1].Value!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("'-20' is not a valid age", surfaced[2].Value!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, entries);
        Assert.Equal(1 + 2 + 3 + 3, calls);
    }

    [Fact]
    public async Task TwoInterruptsInOneNode_AnsweredInTurn_MatchedByOrderAndEnteredThreeTimes()
    {
        var entries = 0;
        var graph = new StateGraph<State>("multi-question")
            .AddNode("ask", (s, ctx) =>
            {
                entries++;
                var name = ctx.Interrupt<string>("name?");
                var age = ctx.Interrupt<int>("age?");
                return ctx.Update().Set(x => x.Name, name).Set(x => x.Age, age);
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);
        var first = Assert.Single(checkpoint.OpenInterrupts);

        await executor.ResumeOk(checkpoint, Graphs.Answers((first.Id, "Bob")));
        var second = Assert.Single(checkpoint.OpenInterrupts);
        await executor.ResumeOk(checkpoint, Graphs.Answers((second.Id, 41)));

        Assert.Equal("name?", first.Value!.GetValue<string>());
        Assert.Equal("age?", second.Value!.GetValue<string>());
        Assert.Equal(1, second.Index);
        Assert.Equal(first.TaskId, second.TaskId);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("Bob", checkpoint.Text("name"));
        Assert.Equal(41, checkpoint.Values["age"]!.GetValue<int>());
        Assert.Equal(3, entries);
    }

    [Fact]
    public async Task SideEffects_WithoutStep_RunOncePerEntryUpToTheirInterrupt()
    {
        var beforeFirst = 0;
        var between = 0;
        var afterBoth = 0;
        var graph = new StateGraph<State>("side-effects")
            .AddNode("ask", (s, ctx) =>
            {
                beforeFirst++;
                ctx.Interrupt("one");
                between++;
                ctx.Interrupt("two");
                afterBoth++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, Graphs.Answer(1));
        await executor.ResumeOk(checkpoint, Graphs.Answer(2));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal((3, 2, 1), (beforeFirst, between, afterBoth));
    }

    [Fact]
    public async Task CatchingInterruptException_NodeSwallowsSignal_ThreadStillPauses()
    {
        var caught = 0;
        var next = 0;
        var graph = new StateGraph<State>("swallow")
            .AddNode("ask", (s, ctx) =>
            {
                string answer;
                try
                {
                    answer = ctx.Interrupt<string>("question");
                }
                catch (GraphInterruptException)
                {
                    caught++;
                    answer = "swallowed";
                }

                return ctx.Update().Set(x => x.Answer, answer);
            })
            .AddNode("next", (s, ctx) =>
            {
                next++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", "next")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(1, caught);
        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal("question", Assert.Single(checkpoint.OpenInterrupts).Value!.GetValue<string>());
        Assert.Null(checkpoint.Values["answer"]);
        Assert.Equal(0, next);

        await executor.ResumeOk(checkpoint, Graphs.Answer("real"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("real", checkpoint.Text("answer"));
        Assert.Equal(1, caught);
        Assert.Equal(1, next);
    }

    [Fact]
    public async Task TypedInterrupt_RecordAnswer_DeserializedFromSnakeCaseJson()
    {
        Decision? seen = null;
        var graph = new StateGraph<State>("typed")
            .AddNode("approve", (s, ctx) =>
            {
                seen = ctx.Interrupt<Decision>(new Question("Send it?", ["yes", "no"]));
                return ctx.Update().Set(x => x.Approved, seen.Approved);
            })
            .AddEdge(GraphNames.Start, "approve")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal("{\"text\":\"Send it?\",\"choices\":[\"yes\",\"no\"]}", GraphJson.Compact(Assert.Single(checkpoint.OpenInterrupts).Value));

        await executor.ResumeOk(checkpoint, ResumeCommand.Single(JsonNode.Parse("{\"approved\":true,\"reason\":\"looks fine\"}")));

        Assert.Equal(new Decision(true, "looks fine"), seen);
        Assert.True(checkpoint.Values["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TypedInterrupt_BoolAnswerRoutesByGoto()
    {
        var proceed = 0;
        var cancel = 0;
        var graph = new StateGraph<State>("approval")
            .AddNode("approval", (s, ctx) => ctx.Interrupt<bool>("ok?") ? ctx.Update().Goto("proceed") : ctx.Update().Goto("cancel"))
            .AddNode("proceed", (s, ctx) =>
            {
                proceed++;
                return NodeResult.Empty;
            })
            .AddNode("cancel", (s, ctx) =>
            {
                cancel++;
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "approval")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, Graphs.Answer(false));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal((0, 1), (proceed, cancel));
    }

    [Fact]
    public async Task NullAnswer_AcceptedAndReturnedAsNull()
    {
        JsonNode? seen = JsonValue.Create("not yet");
        var graph = new StateGraph<State>("null")
            .AddNode("ask", (s, ctx) =>
            {
                seen = ctx.Interrupt("anything?");
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        var executor = new GraphExecutor(graph);
        var checkpoint = await executor.StartAsync("t", null);

        await executor.ResumeOk(checkpoint, ResumeCommand.Single(null));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Null(seen);
    }

    [Fact]
    public async Task UnregisteredValidator_NodeNamesIt_ThreadFailsWithClearError()
    {
        var graph = new StateGraph<State>("no-validator")
            .AddNode("ask", (s, ctx) =>
            {
                ctx.Interrupt("q", new InterruptOptions { Validator = new AnswerValidator("positive", _ => null) });
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "ask")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("ask", checkpoint.Error!.Node);
        Assert.Contains("'positive'", checkpoint.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointJsonRoundTrip_PausedThread_ResumesFromDeserializedCheckpoint()
    {
        var entries = 0;
        var executor = new GraphExecutor(SingleAsk(() => entries++, () => { }));
        var paused = await executor.StartAsync("t", null);
        var id = Assert.Single(paused.OpenInterrupts).Id;

        var restored = ThreadCheckpoint.FromJson(paused.ToJson());
        await executor.ResumeOk(restored, Graphs.Answers((id, "Zoe")));

        Assert.Equal(ThreadStatus.Completed, restored.Status);
        Assert.Equal("Zoe", restored.Text("answer"));
        Assert.Equal(2, entries);
    }
}
