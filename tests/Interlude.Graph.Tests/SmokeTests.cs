using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Tests;

public sealed class SmokeTests
{
    private sealed record ApprovalState
    {
        public string? ActionDetails { get; init; }

        public string? Status { get; init; }
    }

    [Fact]
    public async Task Approval_Approved_RunsProceed()
    {
        var graph = new StateGraph<ApprovalState>("approval")
            .AddNode("approval", (s, ctx) => ctx.Interrupt<bool>(new { question = "ok?", details = s.ActionDetails })
                ? ctx.Update().Goto("proceed")
                : ctx.Update().Goto("cancel"))
            .AddNode("proceed", (s, ctx) => ctx.Update().Set(x => x.Status, "approved"))
            .AddNode("cancel", (s, ctx) => ctx.Update().Set(x => x.Status, "rejected"))
            .AddEdge(GraphNames.Start, "approval")
            .Compile();
        var executor = new GraphExecutor(graph);

        var checkpoint = await executor.StartAsync("t1", new { action_details = "x", status = "pending" });

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        var rejection = await executor.ResumeAsync(checkpoint, ResumeCommand.Single(JsonValue.Create(true)));
        Assert.Null(rejection);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("approved", checkpoint.Values["status"]!.GetValue<string>());
    }
}
