using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>approval</c>: asks whether to go ahead with <c>action_details</c>; approved -> <c>proceed</c>
/// (status approved), not -> <c>cancel</c> (status rejected, with the answer's reason).
/// <c>timed-approval</c> is the same with a deadline of <c>timeout_seconds</c>, auto-rejected on expiry, and a
/// reminder (<see cref="Contracts.InterruptReminderDue"/>) <c>remind_before_seconds</c> before it, if given.
/// </summary>
public static class ApprovalGraph
{
    public sealed record State
    {
        public JsonNode? ActionDetails { get; init; }

        public string? Status { get; init; }

        public string? Reason { get; init; }

        public double? TimeoutSeconds { get; init; }

        public double? RemindBeforeSeconds { get; init; }
    }

    public static CompiledGraph Build() => Build("approval", timed: false);

    public static CompiledGraph BuildTimed() => Build("timed-approval", timed: true);

    private static CompiledGraph Build(string name, bool timed) =>
        new StateGraph<State>(name)
            .AddNode("approval", (state, ctx) =>
            {
                var options = new InterruptOptions
                {
                    Validator = ApprovalAnswer.Validator,
                    Timeout = timed && state.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    TimeoutValue = new { approved = false, reason = "timeout" },
                    RemindBefore = timed && state.RemindBeforeSeconds is { } lead ? TimeSpan.FromSeconds(lead) : null,
                    Answer = SampleForms.Approval,
                };
                var answer = ApprovalAnswer.Read(ctx.Interrupt(
                    new { question = "Do you approve this action?", details = state.ActionDetails },
                    options));
                return answer.Approved
                    ? ctx.Update().Goto("proceed")
                    : ctx.Update().Set(s => s.Reason, answer.Reason).Goto("cancel");
            })
            .AddNode("proceed", (_, ctx) => ctx.Update().Set(s => s.Status, "approved"))
            .AddNode("cancel", (_, ctx) => ctx.Update().Set(s => s.Status, "rejected"))
            .AddValidator(ApprovalAnswer.Validator)
            .AddEdge(GraphNames.Start, "approval")
            .AddEdge("proceed", GraphNames.End)
            .AddEdge("cancel", GraphNames.End)
            .Compile();
}
