using Interlude.Graph;
using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary><c>parallel</c>: nodes <c>a</c> and <c>b</c> ask in the same step; each appends its answer to <c>vals</c>.</summary>
public static class ParallelGraph
{
    public sealed record State
    {
        public List<string> Vals { get; init; } = [];
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("parallel")
            .Channel(s => s.Vals, Reducers.Append)
            .AddNode("a", (_, ctx) => ctx.Update().Set(s => s.Vals, ["a:" + AnswerText.Of(ctx.Interrupt(new { question = "Value for a?" }, new InterruptOptions { Answer = SampleForms.Text("Value for a") }))]))
            .AddNode("b", (_, ctx) => ctx.Update().Set(s => s.Vals, ["b:" + AnswerText.Of(ctx.Interrupt(new { question = "Value for b?" }, new InterruptOptions { Answer = SampleForms.Text("Value for b") }))]))
            .AddEdge(GraphNames.Start, "a")
            .AddEdge(GraphNames.Start, "b")
            .AddEdge("a", GraphNames.End)
            .AddEdge("b", GraphNames.End)
            .Compile();
}
