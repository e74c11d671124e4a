using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>The telemetry tests' graph: its name is each test's own, so the process-wide metrics of parallel tests do not mix.</summary>
internal static class TelemetryGraph
{
    private sealed record State
    {
        public string? Status { get; init; }
    }

    /// <summary>A state with no fields, for graphs that write nothing.</summary>
    public sealed record Empty;

    public static string NewName() => $"telemetry-{Guid.NewGuid():N}";

    /// <summary>Asks once (optionally with a deadline and a reminder a quarter of it before), then <c>proceed</c> or <c>cancel</c>.</summary>
    public static CompiledGraph Approval(string name, TimeSpan? timeout = null) =>
        new StateGraph<State>(name)
            .AddNode("ask", (_, ctx) => ctx.Interrupt("go?", new InterruptOptions { Timeout = timeout, TimeoutValue = false, RemindBefore = timeout / 4 })?.GetValue<bool>() == true
                ? ctx.Update().Goto("proceed")
                : ctx.Update().Goto("cancel"))
            .AddNode("proceed", (_, ctx) => ctx.Update().Set(s => s.Status, "approved"))
            .AddNode("cancel", (_, ctx) => ctx.Update().Set(s => s.Status, "rejected"))
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("proceed", GraphNames.End)
            .AddEdge("cancel", GraphNames.End)
            .Compile();
}
