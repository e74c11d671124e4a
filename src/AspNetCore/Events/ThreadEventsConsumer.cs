using Interlude.Contracts;
using MassTransit;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Feeds the hub from the bus. It consumes the typed messages, so it sees an event whether the saga
/// published it or the outbox delivered it later.
/// </summary>
internal sealed class ThreadEventsConsumer(ThreadEventHub hub) :
    IConsumer<StepCompleted>,
    IConsumer<InterruptRaised>,
    IConsumer<InterruptResolved>,
    IConsumer<InterruptReminderDue>,
    IConsumer<ThreadCompleted>,
    IConsumer<ThreadFailed>,
    IConsumer<ThreadCancelled>
{
    public Task Consume(ConsumeContext<StepCompleted> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptRaised> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptResolved> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptReminderDue> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadCompleted> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadFailed> context) => Publish(ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadCancelled> context) => Publish(ThreadEvent.Of(context.Message));

    private Task Publish(ThreadEvent threadEvent)
    {
        hub.Publish(threadEvent);
        return Task.CompletedTask;
    }
}
