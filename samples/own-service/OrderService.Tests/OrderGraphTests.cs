using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderService;

namespace OrderService.Tests;

/// <summary>The order graph in Interlude's test harness, consumed from the packed packages.</summary>
public sealed class OrderGraphTests : IAsyncLifetime
{
    private readonly ServiceProvider provider = new ServiceCollection()
        .AddOrderServices()
        .AddInterludeTestHarness(interlude => interlude.AddGraph<OrderGraph>().AddGraph<OrderGraphV1>(), bus => bus.AddConsumer<OrderCompletedConsumer>())
        .BuildServiceProvider(validateScopes: true);

    private InterludeTestHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = provider.GetRequiredService<InterludeTestHarness>();
        await harness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        // The provider owns the harness: stop it first, then dispose the container.
        await harness.StopAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task Approved_IsChargedAndCompleted()
    {
        var paused = await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "o-1");
        Assert.Equal(("interrupted", 2), (paused.Status, paused.GraphVersion)); // a new order starts on the highest version
        Assert.Equal(42, Assert.Single(paused.Interrupts).Value!.Value.GetProperty("price").GetInt32());

        var done = await harness.Client.ResumeAsync("o-1", JsonValue.Create(true), by: "ann");

        Assert.Equal("completed", done.Status);
        Assert.Equal("charged 42", done.Values.GetProperty("status").GetString());
        Assert.Equal(1, provider.GetRequiredService<PriceList>().Charges);
        Assert.True(await harness.Harness.GetConsumerHarness<OrderCompletedConsumer>().Consumed.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == "o-1"));
        Assert.True(provider.GetRequiredService<CompletedOrders>().Contains("o-1"));
    }

    [Fact]
    public async Task Unanswered_PastItsDeadline_IsRejectedAndNotCharged()
    {
        var paused = await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "o-2");
        Assert.Equal("interrupted", paused.Status);

        harness.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.True(await harness.Harness.Published.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == "o-2"));
        Assert.Equal("rejected", (await harness.Client.GetStateAsync("o-2"))!.Values.GetProperty("status").GetString());
        Assert.True(await harness.Harness.GetConsumerHarness<OrderCompletedConsumer>().Consumed.Any<ThreadCompleted>(m => m.Context.Message.ThreadId == "o-2"));
        Assert.True(provider.GetRequiredService<CompletedOrders>().Contains("o-2"));
        Assert.Equal(0, provider.GetRequiredService<PriceList>().Charges);
    }

    [Fact]
    public async Task Cheap_OnVersion2_IsChargedWithoutAsking()
    {
        var done = await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "pen" }, "o-4");

        Assert.Equal(("completed", 2, "charged 1"), (done.Status, done.GraphVersion, done.Values.GetProperty("status").GetString()));
        Assert.Empty(done.Interrupts);
        Assert.Equal(1, provider.GetRequiredService<PriceList>().Charges);
    }

    [Fact]
    public async Task AnsweredNo_IsRejectedAndNotCharged()
    {
        await harness.Client.InvokeAsync("order", new JsonObject { ["item"] = "lamp" }, "o-3");

        var done = await harness.Client.ResumeAsync("o-3", JsonValue.Create(false), by: "bob");

        Assert.Equal("completed", done.Status);
        Assert.Equal("rejected", done.Values.GetProperty("status").GetString());
        Assert.Equal(0, provider.GetRequiredService<PriceList>().Charges);
    }
}
