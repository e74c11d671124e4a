using System.Text.Json.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Graph.Tests;

/// <summary>Resolved interrupts are the host's to keep: the checkpoint does not grow with every answer.</summary>
public sealed class ResolvedInterruptTests
{
    private sealed record State
    {
        public int Remaining { get; init; }
    }

    private static CompiledGraph ApprovalLoop() =>
        new StateGraph<State>("approval-loop")
            .AddNode("approve", (s, ctx) =>
            {
                ctx.Interrupt<bool>("approve?");
                return ctx.Update().Set(x => x.Remaining, s.Remaining - 1);
            })
            .AddEdge(GraphNames.Start, "approve")
            .AddConditionalEdges("approve", s => s.Remaining > 0 ? "approve" : GraphNames.End)
            .Compile();

    [Fact]
    public async Task Resume_TwentyTimes_CheckpointKeepsItsSizeAndTheExecutorKeepsTheResolutions()
    {
        var executor = new GraphExecutor(ApprovalLoop(), new FakeTimeProvider(TestClock.Epoch));
        var checkpoint = await executor.StartAsync("t", new { remaining = 99 });
        var asked = new List<string>();
        var sizes = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            asked.Add(Assert.Single(checkpoint.OpenInterrupts).Id);
            await executor.ResumeOk(checkpoint, Graphs.Answer(true));
            var json = checkpoint.ToJson();
            Assert.False(JsonNode.Parse(json)!.AsObject().ContainsKey("resolved"));
            sizes.Add(json.Length - $"{checkpoint.Revision}{checkpoint.Step}".Length);
        }

        // Only the revision and step numbers may widen; anything else would be the resolutions.
        Assert.Single(sizes.Distinct());
        Assert.Equal(asked, executor.Resolved("t").Select(r => r.Id));
        Assert.All(executor.Resolved("t"), r => Assert.Equal((ResolutionOutcomes.Answered, TestClock.Epoch), (r.Outcome, r.ResolvedAt)));
        var before = checkpoint.ToJson();
        var rejection = await executor.ResumeAsync(checkpoint, Graphs.Answers((asked[0], false)));
        Assert.Equal((RejectionReasons.AlreadyResolved, $"Interrupt {asked[0]} is already resolved."), (rejection!.Reason, rejection.Message));
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Resume_ClosedInterruptWithoutTheResolutions_RefusedUnknown_WhichDependsOnThem()
    {
        var executor = new GraphExecutor(ApprovalLoop(), new FakeTimeProvider(TestClock.Epoch));
        var checkpoint = await executor.StartAsync("t", new { remaining = 2 });
        var first = Assert.Single(checkpoint.OpenInterrupts).Id;
        await executor.ResumeOk(checkpoint, Graphs.Answer(true));

        var blind = executor.Planner.Resume(checkpoint, Graphs.Answers((first, true)), TestClock.Epoch);
        var told = executor.Planner.Resume(checkpoint, Graphs.Answers((first, true)), TestClock.Epoch, executor.Resolved("t"));

        Assert.Equal(RejectionReasons.UnknownInterrupt, blind.Rejected!.Reason);
        Assert.True(ThreadPlanner.DependsOnResolutions(blind.Rejected));
        Assert.Equal(RejectionReasons.AlreadyResolved, told.Rejected!.Reason);
        Assert.False(ThreadPlanner.DependsOnResolutions(told.Rejected));
    }
}
