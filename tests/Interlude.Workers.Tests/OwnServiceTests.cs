using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Nodes;
using Interlude.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interlude.Workers.Tests;

/// <summary>
/// Interlude as a user adopts it: their own graph (a DI class node and an interrupt with a deadline),
/// their own consumer on the same bus, registered with services.AddInterlude and x.AddInterlude.
/// </summary>
public sealed class OwnServiceTests
{
    [Fact]
    public async Task TestHarness_ClassNodeAndDeadline_ApprovedOrTimedOutAsTheAnswersSay()
    {
        await using var provider = new ServiceCollection()
            .AddSingleton<PriceList>()
            .AddScoped<Ledger>()
            .AddInterludeTestHarness(interlude => interlude.AddGraph<OrderGraph>(), bus => bus.AddConsumer<OrderOutcomes>())
            .BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<InterludeTestHarness>();
        await harness.StartAsync();

        var approved = await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "order-1");
        Assert.Equal("interrupted", approved.Status);
        Assert.Equal(42, Assert.Single(approved.Interrupts).Value!.Value.GetProperty("price").GetInt32());
        var done = await harness.Client.ResumeAsync("order-1", JsonValue.Create(true), by: "ann");
        Assert.Equal("completed", done.Status);
        Assert.Equal("charged 42", done.Values.GetProperty("status").GetString());

        // Nobody answers the second order: past its deadline it is rejected without waiting a day.
        await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "order-2");
        harness.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.True(await harness.Harness.Published.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == "order-2"));
        Assert.Equal("rejected", (await harness.Client.GetStateAsync("order-2"))!.Values.GetProperty("status").GetString());
        Assert.True(await harness.Harness.GetConsumerHarness<OrderOutcomes>().Consumed.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == "order-2"));
        Assert.Equal(1, provider.GetRequiredService<PriceList>().Charges);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task OwnHost_ClassNodeOnRabbitMqAndPostgres_RunsWithInjectedServicesAndTheirConsumer()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        var prefix = RabbitTestBroker.NewPrefix();
        var builder = Host.CreateApplicationBuilder(["--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddSingleton<PriceList>();
        builder.Services.AddScoped<Ledger>();
        builder.Services.AddSingleton<OrderOutcomes.Seen>();
        builder.Services.AddInterlude(interlude =>
        {
            interlude.AddGraph<OrderGraph>();
            interlude.UsePostgreSql(database.ConnectionString);
            interlude.UseQueuePrefix(prefix);
        });
        // Started means connected with every queue bound: a publish right after start reaches the saga.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<OrderOutcomes>();
            x.AddInterlude();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(RabbitTestBroker.Host, (ushort)RabbitTestBroker.Port, RabbitTestBroker.VirtualHost, h =>
                {
                    h.Username(RabbitTestBroker.Username);
                    h.Password(RabbitTestBroker.Password);
                });

                // Other tests share the virtual host: their exchanges and queues have other prefixes.
                cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
                cfg.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter(prefix, false));
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IGraphClient>();

            var paused = await client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "own-1");
            var done = await client.ResumeAsync("own-1", JsonValue.Create(true), by: "ann");

            Assert.Equal("interrupted", paused.Status);
            Assert.Equal("charged 42", done.Values.GetProperty("status").GetString());
            Assert.Equal(1, host.Services.GetRequiredService<PriceList>().Charges);
            var seen = host.Services.GetRequiredService<OrderOutcomes.Seen>();
            for (var i = 0; i < 100 && !seen.Threads.ContainsKey("own-1"); i++)
            {
                await Task.Delay(50);
            }

            Assert.True(seen.Threads.ContainsKey("own-1"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>A domain service (singleton): the price of an item, and how many charges went through.</summary>
    public sealed class PriceList
    {
        private int charges;

        public int Charges => charges;

        public int PriceOf(string item) => item == "lamp" ? 42 : 1;

        public void Charged() => Interlocked.Increment(ref charges);
    }

    /// <summary>A scoped service, as a DbContext would be: one per node run, disposed after it.</summary>
    public sealed class Ledger(PriceList prices) : IDisposable
    {
        private bool disposed;

        public string Charge(string item)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            prices.Charged();
            return $"charged {prices.PriceOf(item)}";
        }

        public void Dispose() => disposed = true;
    }

    public sealed record Order
    {
        public string Item { get; init; } = "";

        public int Price { get; init; }

        public string Status { get; init; } = "new";
    }

    /// <summary>A graph built by the container: its constructor takes a service.</summary>
    public sealed class OrderGraph(PriceList prices) : IGraphDefinition
    {
        public CompiledGraph Build() =>
            new StateGraph<Order>("order")
                .AddNode("price", (order, ctx) => ctx.Update().Set(o => o.Price, prices.PriceOf(order.Item)))
                .AddNode("approve", (order, ctx) =>
                {
                    var approved = ctx.Interrupt<bool>(
                        new { order.Item, price = order.Price },
                        new InterruptOptions { Timeout = TimeSpan.FromDays(1), TimeoutValue = false });
                    return ctx.Update().Set(o => o.Status, approved ? "approved" : "rejected");
                })
                .AddNode<ChargeNode>("charge")
                .AddEdge(GraphNames.Start, "price")
                .AddEdge("price", "approve")
                .AddConditionalEdges("approve", o => o.Status == "approved" ? "charge" : GraphNames.End)
                .AddEdge("charge", GraphNames.End)
                .Compile();
    }

    /// <summary>A class node with a scoped dependency from the worker's container.</summary>
    public sealed class ChargeNode(Ledger ledger) : INode<Order>
    {
        public async Task<NodeResult> RunAsync(Order state, NodeContext<Order> context)
        {
            var receipt = await context.Step("charge", () => ledger.Charge(state.Item));
            return context.Update().Set(o => o.Status, receipt);
        }
    }

    /// <summary>The user's own consumer on the same bus: it hears how threads end.</summary>
    public sealed class OrderOutcomes(IServiceProvider services) : IConsumer<ThreadCompleted>
    {
        public Task Consume(ConsumeContext<ThreadCompleted> context)
        {
            services.GetService<Seen>()?.Threads.TryAdd(context.Message.ThreadId, true);
            return Task.CompletedTask;
        }

        public sealed class Seen
        {
            public ConcurrentDictionary<string, bool> Threads { get; } = new();
        }
    }
}
