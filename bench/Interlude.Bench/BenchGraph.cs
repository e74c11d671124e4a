using Interlude.Graph;

namespace Interlude.Bench;

/// <summary>The anchor's cycle: prepare -> approval (interrupt) -> finish.</summary>
internal static class BenchGraph
{
    public sealed record State
    {
        public string? Draft { get; init; }

        public bool Approved { get; init; }

        public string? Result { get; init; }
    }

    public const string Name = "bench";

    public static CompiledGraph Build() =>
        new StateGraph<State>(Name)
            .AddNode("prepare", (_, ctx) => ctx.Update().Set(s => s.Draft, "draft"))
            .AddNode("approval", (_, ctx) => ctx.Update().Set(s => s.Approved, ctx.Interrupt<bool>("approve?")))
            .AddNode("finish", (s, ctx) => ctx.Update().Set(x => x.Result, s.Approved ? "done" : "stopped"))
            .AddEdge(GraphNames.Start, "prepare")
            .AddEdge("prepare", "approval")
            .AddEdge("approval", "finish")
            .Compile();
}
