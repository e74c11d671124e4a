using Interlude.Graph;
using Interlude.Graph.Nodes;

namespace OrderService;

/// <summary>The graph's state.</summary>
public sealed record Order
{
    public string Item { get; init; } = "";

    public int Price { get; init; }

    public string Status { get; init; } = "new";
}

/// <summary>
/// Version 2 of the "order" graph: price it; an order of 10 or more needs a person's approval (a day to
/// answer, then rejected), a cheaper one goes straight on; charge it. New orders start on it.
/// </summary>
public sealed class OrderGraph(PriceList prices) : IGraphDefinition
{
    public CompiledGraph Build() => OrderGraphs.Build(prices, version: 2, askFrom: 10);
}

/// <summary>
/// Version 1 of the "order" graph: every order needs a person's approval. It stays registered while
/// orders started on it may still wait for an answer: they finish on version 1.
/// </summary>
public sealed class OrderGraphV1(PriceList prices) : IGraphDefinition
{
    public CompiledGraph Build() => OrderGraphs.Build(prices, version: 1, askFrom: 0);
}

/// <summary>The versions of the "order" graph differ only in which orders a person approves.</summary>
internal static class OrderGraphs
{
    public static CompiledGraph Build(PriceList prices, int version, int askFrom) =>
        new StateGraph<Order>("order", version)
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
            .AddConditionalEdges("price", o => o.Price >= askFrom ? "approve" : "charge")
            .AddConditionalEdges("approve", o => o.Status == "approved" ? "charge" : GraphNames.End)
            .AddEdge("charge", GraphNames.End)
            .Compile();
}

/// <summary>A class node with a scoped dependency from the service's container.</summary>
public sealed class ChargeNode(Ledger ledger) : INode<Order>
{
    public async Task<NodeResult> RunAsync(Order state, NodeContext<Order> context)
    {
        var receipt = await context.Step("charge", () => ledger.Charge(state.Item));
        return context.Update().Set(o => o.Status, receipt);
    }
}
