using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary><c>review-edit</c>: a person reviews <c>generated_text</c>; their answer (a string) replaces it.</summary>
public static class ReviewEditGraph
{
    public sealed record State
    {
        public string? GeneratedText { get; init; }
    }

    private static readonly AnswerValidator TextAnswer = new(
        "text-answer",
        answer => answer is JsonValue value && value.TryGetValue<string>(out _) ? null : "expected the edited text as a JSON string.");

    public static CompiledGraph Build() =>
        new StateGraph<State>("review-edit")
            .AddNode("review", (state, ctx) =>
            {
                var edited = ctx.Interrupt<string>(
                    new { instruction = "Review and edit this text", content = state.GeneratedText },
                    new InterruptOptions { Validator = TextAnswer });
                return ctx.Update().Set(s => s.GeneratedText, edited);
            })
            .AddValidator(TextAnswer)
            .AddEdge(GraphNames.Start, "review")
            .AddEdge("review", GraphNames.End)
            .Compile();
}
