using Interlude.Graph;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>subgraph</c>: the parent node <c>ask_child</c> runs a child graph whose node <c>ask</c>
/// interrupts; the interrupt surfaces on the parent thread with a namespace naming both. The question
/// declares no answer form, so the inbox page offers it raw JSON (any answer is taken).
/// </summary>
public static class SubgraphGraph
{
    public sealed record State
    {
        public string? Question { get; init; }

        public string? Answer { get; init; }
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("subgraph")
            .AddSubgraph("child", BuildChild())
            .AddNode("ask_child", async (state, ctx) =>
            {
                var child = await ctx.Subgraph<State>("child", new { question = state.Question });
                return ctx.Update().Set(s => s.Answer, child.Answer);
            })
            .AddEdge(GraphNames.Start, "ask_child")
            .AddEdge("ask_child", GraphNames.End)
            .Compile();

    private static CompiledGraph BuildChild() =>
        new StateGraph<State>("subgraph-child")
            .AddNode("ask", (state, ctx) => ctx.Update().Set(s => s.Answer, AnswerText.Of(ctx.Interrupt(new { question = state.Question }))))
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();
}
