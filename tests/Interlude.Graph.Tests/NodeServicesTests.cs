using System.Linq.Expressions;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Graph.Tests;

/// <summary><c>ctx.Services</c>: one DI scope per task run, shared with the subgraphs the task runs.</summary>
public sealed class NodeServicesTests
{
    private sealed record State
    {
        public string? Text { get; init; }

        public int? First { get; init; }

        public int? Second { get; init; }

        public int? Child { get; init; }
    }

    private sealed record ChildState
    {
        public int? Child { get; init; }
    }

    private static ServiceProvider Services(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new Greeting("hello"))
            .AddSingleton<ProbeCounts>()
            .AddScoped<ScopedProbe>();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task Lambda_ServicesResolvesARegisteredService()
    {
        var graph = new StateGraph<State>("greet")
            .AddNode("greet", (s, ctx) => ctx.Update().Set(x => x.Text, ctx.Services.GetRequiredService<Greeting>().Text))
            .AddEdge(GraphNames.Start, "greet")
            .Compile();
        await using var services = Services();

        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("hello", checkpoint.Text("text"));
    }

    [Fact]
    public async Task Lambda_EachTaskRunHasItsOwnScope_DisposedWhenTheRunEnds()
    {
        var disposedBefore = new List<int>();
        NodeResult Probe(NodeContext<State> ctx, Expression<Func<State, int?>> field)
        {
            var counts = ctx.Services.GetRequiredService<ProbeCounts>();
            disposedBefore.Add(counts.Disposed);
            var probe = ctx.Services.GetRequiredService<ScopedProbe>();
            Assert.Same(probe, ctx.Services.GetRequiredService<ScopedProbe>());
            return ctx.Update().Set(field, probe.Id);
        }

        var graph = new StateGraph<State>("two")
            .AddNode("first", (_, ctx) => Probe(ctx, x => x.First))
            .AddNode("second", (_, ctx) => Probe(ctx, x => x.Second))
            .AddEdge(GraphNames.Start, "first")
            .AddEdge("first", "second")
            .Compile();
        await using var services = Services();

        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", null);

        var counts = services.GetRequiredService<ProbeCounts>();
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(1, checkpoint.Values["first"]!.GetValue<int>());
        Assert.Equal(2, checkpoint.Values["second"]!.GetValue<int>());
        Assert.Equal([0, 1], disposedBefore);
        Assert.Equal(2, counts.Created);
        Assert.Equal(2, counts.Disposed);
    }

    [Fact]
    public async Task TaskRunner_WithoutServices_ContextResolvesNothing()
    {
        object? resolved = "not asked";
        var graph = new StateGraph<State>("none")
            .AddNode("look", (_, ctx) =>
            {
                resolved = ctx.Services.GetService<Greeting>();
                return NodeResult.Empty;
            })
            .AddEdge(GraphNames.Start, "look")
            .Compile();

        var checkpoint = await new GraphExecutor(graph).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Null(resolved);
    }

    [Fact]
    public async Task Subgraph_ChildNodesShareTheParentTasksScope()
    {
        var child = new StateGraph<ChildState>("child")
            .AddNode("inner", (_, ctx) => ctx.Update().Set(x => x.Child, ctx.Services.GetRequiredService<ScopedProbe>().Id))
            .AddEdge(GraphNames.Start, "inner")
            .Compile();
        var graph = new StateGraph<State>("parent")
            .AddSubgraph("child", child)
            .AddNode("outer", async (_, ctx) =>
            {
                var own = ctx.Services.GetRequiredService<ScopedProbe>();
                var result = await ctx.Subgraph<ChildState>("child", null);
                Assert.False(own.IsDisposed);
                return ctx.Update().Set(x => x.First, own.Id).Set(x => x.Child, result.Child);
            })
            .AddEdge(GraphNames.Start, "outer")
            .Compile();
        await using var services = Services();

        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", null);

        var counts = services.GetRequiredService<ProbeCounts>();
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal(1, checkpoint.Values["first"]!.GetValue<int>());
        Assert.Equal(1, checkpoint.Values["child"]!.GetValue<int>());
        Assert.Equal(1, counts.Created);
        Assert.Equal(1, counts.Disposed);
    }

    [Fact]
    public async Task TaskRunner_RunAsyncWithServices_DisposesTheScopeWhenTheNodeThrows()
    {
        static NodeResult Boom(NodeContext ctx)
        {
            ctx.Services.GetRequiredService<ScopedProbe>();
            throw new TimeoutException("the service did not answer");
        }

        var graph = new StateGraph<State>("throws")
            .AddNode("boom", (_, ctx) => Boom(ctx))
            .AddEdge(GraphNames.Start, "boom")
            .Compile();
        await using var services = Services();
        var request = new TaskRequest { ThreadId = "t", TaskId = "task-1", Node = "boom", Values = [] };

        await Assert.ThrowsAsync<TimeoutException>(() => TaskRunner.RunAsync(graph, request, CancellationToken.None, services));

        Assert.Equal(1, services.GetRequiredService<ProbeCounts>().Disposed);
    }
}
