using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>side-effect</c>: a node charges (a journaled <c>ctx.Step</c> that takes <c>work_ms</c> and returns a
/// receipt), then asks whether to ship, showing the receipt. When the node runs again after the answer,
/// the journaled receipt comes back and the charge does not happen twice.
/// </summary>
public static class SideEffectGraph
{
    public sealed record State
    {
        public int WorkMs { get; init; }

        public string? Receipt { get; init; }

        public string? Status { get; init; }
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("side-effect")
            .AddNode("charge", async (state, ctx) =>
            {
                var receipt = await ctx.Step("charge", async cancellationToken =>
                {
                    await Task.Delay(state.WorkMs, cancellationToken);
                    return Guid.NewGuid().ToString("N");
                });
                var answer = ApprovalAnswer.Read(ctx.Interrupt(
                    new { question = "Ship the order?", receipt },
                    new InterruptOptions { Validator = ApprovalAnswer.Validator, Answer = SampleForms.Approval }));
                return ctx.Update().Set(s => s.Receipt, receipt).Set(s => s.Status, answer.Approved ? "shipped" : "held");
            })
            .AddValidator(ApprovalAnswer.Validator)
            .AddEdge(GraphNames.Start, "charge")
            .AddEdge("charge", GraphNames.End)
            .Compile();
}
