using Interlude.Graph;
using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Sagas.Tests;

/// <summary>The thread saga alone in MassTransit's test harness: no node workers, so dispatched tasks stay unanswered.</summary>
public sealed class SagaHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private SagaHarness(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<GraphThreadStateMachine, GraphThreadState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<GraphThreadStateMachine, GraphThreadState> Saga { get; }

    public static async Task<SagaHarness> StartAsync(params CompiledGraph[] graphs)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddInterlude(interlude =>
        {
            foreach (var graph in graphs)
            {
                interlude.AddGraph(graph);
            }
        });
        services.AddMassTransitTestHarness(bus => bus.AddInterludeThreads());
        var provider = services.BuildServiceProvider(validateScopes: true);
        var saga = new SagaHarness(provider);
        saga.Harness.TestTimeout = TimeSpan.FromSeconds(10);
        await saga.Harness.Start();
        return saga;
    }

    public async Task<TResponse> Request<TRequest, TResponse>(TRequest request)
        where TRequest : class
        where TResponse : class =>
        (await Harness.GetRequestClient<TRequest>().GetResponse<TResponse>(request)).Message;

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
