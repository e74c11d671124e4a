using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>Approvals that narrow who may answer: one names approver roles, one needs four eyes.</summary>
public static class NarrowedApprovalGraphs
{
    /// <summary>Only a caller with role <c>cfo</c> (or <c>finance</c>) may answer.</summary>
    public const string CfoApproval = "cfo-approval";

    /// <summary>Whoever started the thread may not answer.</summary>
    public const string FourEyesApproval = "four-eyes-approval";

    public static IReadOnlyList<CompiledGraph> All { get; } =
    [
        Build(CfoApproval, new InterruptOptions { Approvers = ["cfo", "finance"] }),
        Build(FourEyesApproval, new InterruptOptions { FourEyes = true }),
    ];

    private static CompiledGraph Build(string name, InterruptOptions options) =>
        new StateGraph<Decision>(name)
            .AddNode("approve", (s, ctx) => ctx.Update().Set(x => x.Approved, ctx.Interrupt<bool>(new { question = "Approve?" }, options)))
            .AddEdge(GraphNames.Start, "approve")
            .Compile();

    private sealed record Decision
    {
        public bool? Approved { get; init; }
    }
}
