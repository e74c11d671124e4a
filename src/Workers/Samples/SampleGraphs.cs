using Interlude.Graph;

namespace Interlude.Workers.Samples;

/// <summary>The graphs the host ships (DESIGN.md, "Sample graphs").</summary>
public static class SampleGraphs
{
    public static IReadOnlyList<CompiledGraph> All { get; } =
    [
        ApprovalGraph.Build(),
        ApprovalGraph.BuildTimed(),
        ReviewEditGraph.Build(),
        ValidateAgeGraph.Build(),
        ParallelGraph.Build(),
        MultiQuestionGraph.Build(),
        ToolReviewGraph.Build(),
        PipelineGraph.Build(),
        SubgraphGraph.Build(),
        SideEffectGraph.Build(),
    ];
}
