using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Graph.Tests;

/// <summary>Graph definitions (<see cref="IGraphDefinition"/>) constructed by the DI container.</summary>
public sealed class GraphDefinitionTests
{
    private sealed record State
    {
        public string? Order { get; init; }

        public string? Shipping { get; init; }

        public string? Text { get; init; }
    }

    private sealed record OrderOptions(string GraphName, string Shipping);

    private sealed class GreetNode(Greeting greeting) : INode<State>
    {
        public Task<NodeResult> RunAsync(State state, NodeContext<State> context) =>
            Task.FromResult<NodeResult>(context.Update().Set(x => x.Text, $"{greeting.Text}, {state.Order} ships {state.Shipping}"));
    }

    private sealed class OrderGraph(OrderOptions options) : IGraphDefinition
    {
        public CompiledGraph Build() =>
            new StateGraph<State>(options.GraphName)
                .AddNode("ship", (_, ctx) => ctx.Update().Set(x => x.Shipping, options.Shipping))
                .AddNode<GreetNode>("greet")
                .AddEdge(GraphNames.Start, "ship")
                .AddEdge("ship", "greet")
                .Compile();
    }

    private static ServiceProvider Services(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new Greeting("hello"))
            .AddSingleton(new OrderOptions("orders", "express"));
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task Definition_CreatedWithActivatorUtilities_BuildsAGraphThatRuns()
    {
        await using var services = Services();

        IGraphDefinition definition = ActivatorUtilities.CreateInstance<OrderGraph>(services);
        var graph = definition.Build();
        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", new { order = "A-17" });

        Assert.Equal("orders", graph.Name);
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("express", checkpoint.Text("shipping"));
        Assert.Equal("hello, A-17 ships express", checkpoint.Text("text"));
    }

    [Fact]
    public async Task Definitions_RegisteredInTheContainer_FillACatalog()
    {
        await using var services = Services(s => s.AddSingleton<IGraphDefinition, OrderGraph>());

        var catalog = new GraphCatalog(services.GetServices<IGraphDefinition>().Select(d => d.Build()));
        var checkpoint = await new GraphExecutor(catalog.Get("orders"), services: services).StartAsync("t", new { order = "B-2" });

        Assert.Equal(["orders"], catalog.Names);
        Assert.Equal("hello, B-2 ships express", checkpoint.Text("text"));
    }
}
