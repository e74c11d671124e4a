namespace Interlude.Graph.Tests;

/// <summary>The fixed instant the graph tests start their clocks at.</summary>
internal static class TestClock
{
    /// <summary>2025-01-01 09:00 UTC: every <c>FakeTimeProvider</c> of these tests starts here.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
}
