using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class AnswerRightsTests
{
    private sealed record State
    {
        public bool? Approved { get; init; }
    }

    private static CompiledGraph Approval(InterruptOptions options) =>
        new StateGraph<State>("rights")
            .AddNode("ask", (s, ctx) => ctx.Update().Set(x => x.Approved, ctx.Interrupt<bool>("approve?", options)))
            .AddEdge(GraphNames.Start, "ask")
            .Compile();

    private static ResumeCommand Yes(string? by, params string[] roles) => ResumeCommand.Single(Graphs.Json(true), by) with { Roles = roles };

    private static async Task AssertForbidden(GraphExecutor executor, ThreadCheckpoint checkpoint, ResumeCommand command)
    {
        var before = checkpoint.ToJson();
        var rejection = await executor.ResumeAsync(checkpoint, command);
        Assert.Equal(RejectionReasons.Forbidden, rejection?.Reason);
        Assert.Equal(before, checkpoint.ToJson());
    }

    [Fact]
    public async Task Resume_ApproversNamed_AnswerWithoutTheirRoles_RefusedForbidden_ThenOneRoleSuffices()
    {
        var executor = new GraphExecutor(Approval(new InterruptOptions { Approvers = ["cfo", "finance"] }));
        var checkpoint = await executor.StartAsync("t", null);

        await AssertForbidden(executor, checkpoint, Yes("bob"));
        await AssertForbidden(executor, checkpoint, Yes("bob", "approver"));
        await executor.ResumeOk(checkpoint, Yes("carol", "approver", "finance"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }

    [Fact]
    public async Task Resume_FourEyes_TheStarterOrNobody_RefusedForbidden_AnotherPersonAnswers()
    {
        var executor = new GraphExecutor(Approval(new InterruptOptions { FourEyes = true }));
        var checkpoint = await executor.StartAsync("t", null, startedBy: "alice");
        Assert.Equal("alice", checkpoint.StartedBy);

        await AssertForbidden(executor, checkpoint, Yes("alice", "approver"));
        await AssertForbidden(executor, checkpoint, Yes(null));
        await executor.ResumeOk(checkpoint, Yes("bob"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }

    [Fact]
    public async Task Resume_NoNarrowing_AnyoneMayAnswer()
    {
        var executor = new GraphExecutor(Approval(new InterruptOptions()));
        var checkpoint = await executor.StartAsync("t", null, startedBy: "alice");

        await executor.ResumeOk(checkpoint, Yes("alice"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
    }
}
