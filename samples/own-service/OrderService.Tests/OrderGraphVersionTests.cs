using System.Text.Json.Nodes;
using Interlude;
using Interlude.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderService;

namespace OrderService.Tests;

/// <summary>
/// A deploy of version 2 of the "order" graph, the orders kept in a SQLite file across it: an order waiting
/// on version 1 finishes on version 1, and a new order runs version 2.
/// </summary>
public sealed class OrderGraphVersionTests : IDisposable
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"orders-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task AnOrderWaitingOnVersion1_FinishesOnIt_AfterVersion2Ships_WhileANewCheapOrderIsNotAsked()
    {
        await using (var before = await Service.StartAsync(database, i => i.AddGraph<OrderGraphV1>()))
        {
            var waiting = await before.Client.InvokeAsync("order", new JsonObject { ["item"] = "pen" }, "o-v1");
            Assert.Equal(("interrupted", 1), (waiting.Status, waiting.GraphVersion)); // version 1 asks for every order
        }

        await using var after = await Service.StartAsync(database, i => i.AddGraph<OrderGraph>().AddGraph<OrderGraphV1>());
        var cheap = await after.Client.InvokeAsync("order", new JsonObject { ["item"] = "pen" }, "o-v2");
        var done = await after.Client.ResumeAsync("o-v1", JsonValue.Create(true), by: "ann");

        Assert.Equal(("completed", 2, "charged 1"), (cheap.Status, cheap.GraphVersion, cheap.Values.GetProperty("status").GetString()));
        Assert.Equal(("completed", 1, "charged 1"), (done.Status, done.GraphVersion, done.Values.GetProperty("status").GetString()));
    }

    public void Dispose()
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The service's graphs on the test harness and a SQLite file: one deploy of it.</summary>
    private sealed class Service(ServiceProvider provider, InterludeTestHarness harness) : IAsyncDisposable
    {
        public Interlude.Client.IGraphClient Client => harness.Client;

        public static async Task<Service> StartAsync(string database, Action<InterludeBuilder> graphs)
        {
            var provider = new ServiceCollection()
                .AddOrderServices()
                .AddInterludeTestHarness(interlude =>
                {
                    graphs(interlude);
                    interlude.UseSqlite($"Data Source={database};Pooling=False");
                })
                .BuildServiceProvider(validateScopes: true);
            var harness = provider.GetRequiredService<InterludeTestHarness>();
            await harness.StartAsync();
            return new Service(provider, harness);
        }

        public async ValueTask DisposeAsync()
        {
            await harness.StopAsync();
            await provider.DisposeAsync();
        }
    }
}
