using Interlude.Graph.Channels;
using Interlude.Graph.Nodes;
using Interlude.Graph.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Graph.Tests;

/// <summary>Class nodes (<see cref="INode{TState}"/>): created in each run's DI scope, disposed after it.</summary>
public sealed class ClassNodeTests
{
    private sealed record State
    {
        public string? Text { get; init; }

        public List<int>? Ids { get; init; }
    }

    /// <summary>A service no test registers.</summary>
    private interface IPaymentGateway;

    /// <summary>Counts the node instances made and disposed, and what they saw.</summary>
    private sealed class NodeLog
    {
        public int Created { get; set; }

        public int Disposed { get; set; }

        public List<int> Entries { get; } = [];

        public List<int> AfterInterrupt { get; } = [];

        public List<int> ProbesDisposedAtStart { get; } = [];
    }

    private sealed class PlainNode : INode<State>
    {
        public Task<NodeResult> RunAsync(State state, NodeContext<State> context) =>
            Task.FromResult<NodeResult>(context.Update().Set(x => x.Text, "plain"));
    }

    private sealed class GreetNode(Greeting greeting) : INode<State>
    {
        public Task<NodeResult> RunAsync(State state, NodeContext<State> context) =>
            Task.FromResult<NodeResult>(context.Update().Set(x => x.Text, greeting.Text + ", " + context.Node));
    }

    private sealed class ProbeNode(ScopedProbe probe, ProbeCounts counts, NodeLog log) : INode<State>, IDisposable
    {
        private readonly int instance = ++log.Created;

        public Task<NodeResult> RunAsync(State state, NodeContext<State> context)
        {
            log.Entries.Add(instance);
            log.ProbesDisposedAtStart.Add(counts.Disposed);
            Assert.Same(probe, context.Services.GetRequiredService<ScopedProbe>());
            return Task.FromResult<NodeResult>(context.Update().Set(x => x.Ids, [probe.Id]));
        }

        public void Dispose() => log.Disposed++;
    }

    private sealed class AskNode(NodeLog log) : INode<State>, IAsyncDisposable
    {
        private readonly int instance = ++log.Created;

        public async Task<NodeResult> RunAsync(State state, NodeContext<State> context)
        {
            log.Entries.Add(instance);
            var greeting = await context.Step("greeting", () => $"hello from instance {instance}");
            var name = context.Interrupt<string>("What is your name?");
            log.AfterInterrupt.Add(instance);
            return context.Update().Set(x => x.Text, $"{greeting}: {name}");
        }

        public ValueTask DisposeAsync()
        {
            log.Disposed++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ChargeNode(IPaymentGateway gateway) : INode<State>
    {
        public Task<NodeResult> RunAsync(State state, NodeContext<State> context) =>
            Task.FromResult<NodeResult>(context.Update().Set(x => x.Text, gateway.ToString()));
    }

    private static ServiceProvider Services(Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new Greeting("hello"))
            .AddSingleton<ProbeCounts>()
            .AddSingleton<NodeLog>()
            .AddScoped<ScopedProbe>();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static CompiledGraph OneNode<TNode>()
        where TNode : INode<State> =>
        new StateGraph<State>("one")
            .AddNode<TNode>("node")
            .AddEdge(GraphNames.Start, "node")
            .Compile();

    [Fact]
    public async Task ClassNode_InjectedSingleton_RunsAndWrites()
    {
        await using var services = Services();

        var checkpoint = await new GraphExecutor(OneNode<GreetNode>(), services: services).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("hello, node", checkpoint.Text("text"));
    }

    [Fact]
    public async Task ClassNode_RegisteredInTheContainer_IsResolvedFromIt()
    {
        await using var services = Services(s => s.AddScoped(_ => new GreetNode(new Greeting("registered"))));

        var checkpoint = await new GraphExecutor(OneNode<GreetNode>(), services: services).StartAsync("t", null);

        Assert.Equal("registered, node", checkpoint.Text("text"));
    }

    [Fact]
    public async Task ClassNode_ScopedDependency_FreshInstancePerRun_DisposedAfterEachRun()
    {
        var graph = new StateGraph<State>("loop")
            .Channel(s => s.Ids, Reducers.Append)
            .AddNode<ProbeNode>("probe")
            .AddEdge(GraphNames.Start, "probe")
            .AddConditionalEdges("probe", s => s.Ids?.Count < 3 ? "probe" : GraphNames.End)
            .Compile();
        await using var services = Services();

        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", null);

        var log = services.GetRequiredService<NodeLog>();
        var counts = services.GetRequiredService<ProbeCounts>();
        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal([1, 2, 3], checkpoint.Values["ids"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([0, 1, 2], log.ProbesDisposedAtStart);
        Assert.Equal([1, 2, 3], log.Entries);
        Assert.Equal(3, counts.Created);
        Assert.Equal(3, counts.Disposed);
        Assert.Equal(3, log.Created);
        Assert.Equal(3, log.Disposed);
    }

    [Fact]
    public async Task ClassNode_Interrupts_ResumeRunsANewInstanceFromItsStartWithTheAnswer()
    {
        await using var services = Services();
        var executor = new GraphExecutor(OneNode<AskNode>(), services: services);
        var log = services.GetRequiredService<NodeLog>();

        var checkpoint = await executor.StartAsync("t", null);

        Assert.Equal(ThreadStatus.Interrupted, checkpoint.Status);
        Assert.Equal("node", Assert.Single(checkpoint.OpenInterrupts).Node);
        Assert.Equal((1, 1), (log.Created, log.Disposed));

        await executor.ResumeOk(checkpoint, Graphs.Answer("Alice"));

        Assert.Equal(ThreadStatus.Completed, checkpoint.Status);
        Assert.Equal("hello from instance 1: Alice", checkpoint.Text("text"));
        Assert.Equal([1, 2], log.Entries);
        Assert.Equal([2], log.AfterInterrupt);
        Assert.Equal((2, 2), (log.Created, log.Disposed));
    }

    [Fact]
    public async Task ClassNode_UnregisteredConstructorService_FailsTheTaskNamingTheNodeAndTheService()
    {
        var graph = new StateGraph<State>("payments")
            .AddNode<ChargeNode>("charge")
            .AddEdge(GraphNames.Start, "charge")
            .Compile();
        await using var services = Services();
        var request = new TaskRequest { ThreadId = "t", TaskId = "task-1", Node = "charge", Values = [] };

        var outcome = await TaskRunner.RunAsync(graph, request, CancellationToken.None, services);

        Assert.Equal(TaskOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("Node 'charge' of graph 'payments' could not be created as ChargeNode", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(nameof(IPaymentGateway), outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassNode_UnregisteredConstructorService_FailsTheThreadAtThatNode()
    {
        var graph = new StateGraph<State>("payments")
            .AddNode<ChargeNode>("charge")
            .AddEdge(GraphNames.Start, "charge")
            .Compile();
        await using var services = Services();

        var checkpoint = await new GraphExecutor(graph, services: services).StartAsync("t", null);

        Assert.Equal(ThreadStatus.Failed, checkpoint.Status);
        Assert.Equal("charge", checkpoint.Error?.Node);
        Assert.Contains(nameof(IPaymentGateway), checkpoint.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassNode_WithoutServices_NeedingNone_Runs_NeedingOne_FailsWithAHint()
    {
        var plain = await new GraphExecutor(OneNode<PlainNode>()).StartAsync("t", null);
        var request = new TaskRequest { ThreadId = "t", TaskId = "task-1", Node = "node", Values = [] };

        var outcome = await TaskRunner.RunAsync(OneNode<GreetNode>(), request, CancellationToken.None);

        Assert.Equal("plain", plain.Text("text"));
        Assert.Equal(TaskOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("Node 'node'", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(nameof(Greeting), outcome.Error, StringComparison.Ordinal);
        Assert.Contains("without services", outcome.Error, StringComparison.Ordinal);
    }
}
