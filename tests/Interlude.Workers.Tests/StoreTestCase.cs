using Xunit.Abstractions;
using Xunit.Sdk;

namespace Interlude.Workers.Tests;

/// <summary>
/// A store theory's test case on one store: it carries <c>Store=&lt;store&gt;</c> (and on a server
/// <c>Category=Integration</c>) as traits, and is skipped when its server is not configured.
/// </summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer", error: true)]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, object?[] arguments)
        : base(diagnosticMessageSink, display, displayOptions, testMethod, arguments)
    {
    }

    /// <summary>Traits and skip reason follow from the store argument, so they survive serialisation between discovery and the run.</summary>
    protected override void Initialize()
    {
        base.Initialize();
        var store = TestStores.Of((ThreadStore)TestMethodArguments[0]);
        Traits.Add("Store", [store.Store.ToString()]);
        if (store.OnServer)
        {
            Traits.TryAdd("Category", []);
            Traits["Category"].Add("Integration");
        }

        SkipReason ??= store.SkipReason;
    }
}
