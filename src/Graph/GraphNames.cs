namespace Interlude.Graph;

/// <summary>The virtual nodes every graph has.</summary>
public static class GraphNames
{
    public const string Start = "__start__";

    public const string End = "__end__";

    /// <summary>In <c>interruptBefore</c> / <c>interruptAfter</c>: every node.</summary>
    public const string AllNodes = "*";
}
