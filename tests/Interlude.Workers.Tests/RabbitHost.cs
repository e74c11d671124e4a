using Interlude.Client;
using Interlude.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
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
    public static async Task<RabbitHost> StartAsync(string prefix, TestDatabase database, string role = "All", params string[] extra)
    {
        var builder = Host.CreateApplicationBuilder([
            .. RabbitTestBroker.Settings(prefix, database, role),
            "--Interlude:Api:WaitSeconds=20",
            "--Logging:LogLevel:Default=Warning",
            .. extra]);
        builder.AddInterludeHost();
        var host = builder.Build();
        await host.StartAsync();
        return new RabbitHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
