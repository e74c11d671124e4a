using Interlude.Contracts;
using MassTransit;

namespace OrderService;

/// <summary>The service's own consumer on the same bus: it records the orders whose thread completed.</summary>
public sealed class OrderCompletedConsumer(CompletedOrders completed) : IConsumer<ThreadCompleted>
{
    public Task Consume(ConsumeContext<ThreadCompleted> context)
    {
        completed.Add(context.Message.ThreadId);
        return Task.CompletedTask;
    }
}
