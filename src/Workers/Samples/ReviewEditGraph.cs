using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary>
/// <c>review-edit</c>: a person reviews <c>generated_text</c> in a text area holding the draft; their
/// answer (a string, which the form enforces) replaces it.
/// </summary>
public static class ReviewEditGraph
{
    public sealed record State
    {
        public string? GeneratedText { get; init; }
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("review-edit")
            .AddNode("review", (state, ctx) =>
            {
                var edited = ctx.Interrupt<string>(
                    new { instruction = "Review and edit this text", content = state.GeneratedText },
                    new InterruptOptions { Answer = SampleForms.Draft("Text", state.GeneratedText) });
                return ctx.Update().Set(s => s.GeneratedText, edited);
            })
            .AddEdge(GraphNames.Start, "review")
            .AddEdge("review", GraphNames.End)
            .Compile();
}
