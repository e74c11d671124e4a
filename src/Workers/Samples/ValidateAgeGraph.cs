using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary><c>validate-age</c>: asks for an age until the answer is a JSON integer above zero, quoting each bad answer.</summary>
public static class ValidateAgeGraph
{
    public sealed record State
    {
        public long? Age { get; init; }
    }

    public const string Question = "What is your age?";

    public static CompiledGraph Build() =>
        new StateGraph<State>("validate-age")
            .AddNode("ask", (_, ctx) =>
            {
                var prompt = Question;
                while (true)
                {
                    var answer = ctx.Interrupt(prompt, new InterruptOptions { Answer = SampleForms.Number("Age") });
                    if (answer is JsonValue value && value.TryGetValue<long>(out var age) && age > 0)
                    {
                        return ctx.Update().Set(s => s.Age, age);
                    }

                    prompt = $"'{AnswerText.Of(answer)}' is not a valid age. {Question}";
                }
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();
}
