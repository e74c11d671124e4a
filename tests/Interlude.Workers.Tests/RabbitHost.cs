using Interlude.Client;
using Interlude.Graph;
using Interlude.Workers.Hosting;
using Interlude.Workers.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Interlude.Workers.Tests;

/// <summary>The <c>serve</c> services of one role on the test broker and a PostgreSQL database, in this process (no HTTP).</summary>
public sealed class RabbitHost : IAsyncDisposable
{
    private readonly IHost host;

    private RabbitHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGraphClient Client => host.Services.GetRequiredService<IGraphClient>();

    /// <summary>Builds the host as <c>serve</c> does and starts it (migrating the database first) (the bus is connected when this returns).</summary>
    public static Task<RabbitHost> StartAsync(string prefix, TestDatabase database, string role = "All", params string[] extra) =>
        StartAsync(prefix, database, role, configure: null, extra);

    /// <summary>
    /// The host of role <c>All</c> with <paramref name="graphs"/> beside the sample graphs (the host resolves
    /// its graphs from the <see cref="GraphCatalog"/> singleton, so this replaces that registration), then
    /// <paramref name="configure"/> on its services.
    /// </summary>
    public static Task<RabbitHost> StartWithGraphsAsync(string prefix, TestDatabase database, IEnumerable<CompiledGraph> graphs, Action<IServiceCollection>? configure = null, params string[] extra) =>
        StartAsync(prefix, database, "All", services =>
        {
            services.Replace(ServiceDescriptor.Singleton(new GraphCatalog([.. SampleGraphs.All, .. graphs])));
            configure?.Invoke(services);
        }, extra);

    private static async Task<RabbitHost> StartAsync(string prefix, TestDatabase database, string role, Action<IServiceCollection>? configure, string[] extra)
    {
        var builder = Host.CreateApplicationBuilder([
            .. RabbitTestBroker.Settings(prefix, database, role),
            "--Interlude:Api:WaitSeconds=20",
            "--Logging:LogLevel:Default=Warning",
            .. extra]);
        builder.AddInterludeHost();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new RabbitHost(host);
    }

    /// <summary>
    /// Stops the host (as a deploy stops a process) but keeps its services until disposed: MassTransit
    /// keeps a bus's log context in a static, so a later host in this process must not find it disposed.
    /// </summary>
    public Task StopAsync() => host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
