using Interlude.Graph;

namespace Interlude.Workers.Tests;

/// <summary>
/// Two versions of graph <c>versioned</c> that behave observably differently: version 1 asks in node
/// <c>ask</c> and stamps <c>v1</c>; version 2 renamed the question's node to <c>confirm</c> (a thread
/// paused on <c>ask</c> could not resume into it) and stamps <c>v2</c>.
/// </summary>
public static class VersionedGraphs
{
    public const string Name = "versioned";

    public static CompiledGraph V1() => Build(1, "ask");

    public static CompiledGraph V2() => Build(2, "confirm");

    private static CompiledGraph Build(int version, string question) =>
        new StateGraph<VersionedState>(Name, version)
            .AddNode(question, (_, ctx) => ctx.Update().Set(s => s.Answer, ctx.Interrupt<string>($"question of version {version}")))
            .AddNode("stamp", (_, ctx) => ctx.Update().Set(s => s.RanOn, $"v{version}"))
            .AddEdge(GraphNames.Start, question)
            .AddEdge(question, "stamp")
            .AddEdge("stamp", GraphNames.End)
            .Compile();
}

/// <summary>The state of <see cref="VersionedGraphs"/>: the answer, and which version's last node ran.</summary>
public sealed record VersionedState
{
    public string? Answer { get; init; }

    public string? RanOn { get; init; }
}
