using Xunit.Abstractions;
using Xunit.Sdk;

namespace Interlude.Workers.Tests;

/// <summary>Makes one test case of a <see cref="StoreTheoryAttribute"/> method per store and data row.</summary>
public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needs = factAttribute.GetNamedArgument<StoreFeatures>(nameof(StoreTheoryAttribute.Needs));
        var rows = testMethod.Method.GetCustomAttributes(typeof(InlineDataAttribute))
            .Select(data => data.GetConstructorArguments().Cast<object?[]>().Single())
            .DefaultIfEmpty([])
            .ToList();
        return
            from store in TestStores.All
            where (store.Features & needs) == needs
            from row in rows
            select new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, [store.Store, .. row]);
    }
}
