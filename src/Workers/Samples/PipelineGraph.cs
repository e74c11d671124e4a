using Interlude.Graph;

namespace Interlude.Workers.Samples;

/// <summary><c>pipeline</c>: research -> write -> publish, with a breakpoint before each node.</summary>
public static class PipelineGraph
{
    public sealed record State
    {
        public string? Topic { get; init; }

        public string? Notes { get; init; }

        public string? Draft { get; init; }

        public bool Published { get; init; }
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("pipeline")
            .AddNode("research", (state, ctx) => ctx.Update().Set(s => s.Notes, $"Notes on {state.Topic}"))
            .AddNode("write", (state, ctx) => ctx.Update().Set(s => s.Draft, $"Draft about {state.Topic}: {state.Notes}"))
            .AddNode("publish", (_, ctx) => ctx.Update().Set(s => s.Published, true))
            .AddEdge(GraphNames.Start, "research")
            .AddEdge("research", "write")
            .AddEdge("write", "publish")
            .AddEdge("publish", GraphNames.End)
            .Compile(new GraphOptions { InterruptBefore = new HashSet<string> { "research", "write", "publish" } });
}
