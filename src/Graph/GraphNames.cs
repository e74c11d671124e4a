namespace Interlude.Graph;

/// <summary>The virtual nodes every graph has.</summary>
public static class GraphNames
{
    /// <summary>The entry: the nodes START leads to run in step 0.</summary>
    public const string Start = "__start__";

    /// <summary>The exit: routing to END plans no node; the thread completes when a step leads nowhere.</summary>
    public const string End = "__end__";

    /// <summary>In <c>interruptBefore</c> / <c>interruptAfter</c>: every node.</summary>
    public const string AllNodes = "*";
}
