using Xunit.Sdk;

namespace Interlude.Workers.Tests;

/// <summary>
/// A test that runs once per store of <see cref="TestStores.All"/> with <see cref="Needs"/>: its first
/// parameter is the <see cref="ThreadStore"/>, followed by the values of each <c>[InlineData]</c> row.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Interlude.Workers.Tests.StoreTheoryDiscoverer", "Interlude.Workers.Tests")]
public sealed class StoreTheoryAttribute : FactAttribute
{
    /// <summary>What the stores must offer; by default every store runs the test.</summary>
    public StoreFeatures Needs { get; set; }
}
