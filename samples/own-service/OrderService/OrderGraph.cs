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

/// <summary>The "order" graph: price it, ask a person to approve (a day to answer, then rejected), charge it.</summary>
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

/// <summary>A class node with a scoped dependency from the service's container.</summary>
public sealed class ChargeNode(Ledger ledger) : INode<Order>
{
    public async Task<NodeResult> RunAsync(Order state, NodeContext<Order> context)
    {
        var receipt = await context.Step("charge", () => ledger.Charge(state.Item));
        return context.Update().Set(o => o.Status, receipt);
    }
}
