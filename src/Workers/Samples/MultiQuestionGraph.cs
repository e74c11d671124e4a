using System.Text.Json.Nodes;
using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace Interlude.Workers.Samples;

/// <summary><c>multi-question</c>: one node asks for the name, then the age (two interrupts in one node).</summary>
public static class MultiQuestionGraph
{
    public sealed record State
    {
        public string? Name { get; init; }

        public JsonNode? Age { get; init; }
    }

    public static CompiledGraph Build() =>
        new StateGraph<State>("multi-question")
            .AddNode("ask", (_, ctx) =>
            {
                var name = AnswerText.Of(ctx.Interrupt(new { question = "What is your name?" }, new InterruptOptions { Answer = SampleForms.Text("Name") }));
                var age = ctx.Interrupt(new { question = "What is your age?" }, new InterruptOptions { Answer = SampleForms.Number("Age") });
                return ctx.Update().Set(s => s.Name, name).Set(s => s.Age, age);
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", GraphNames.End)
            .Compile();
}
