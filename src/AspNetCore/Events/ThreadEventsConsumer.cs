using Interlude.Contracts;
using MassTransit;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Feeds the hub from the bus. It consumes the typed messages, so it sees an event whether the saga
/// published it or the outbox delivered it later. Events are at least once on the bus; the hub drops a
/// message id it fanned out already, and a re-sent raise or reminder of an interrupt that is no longer
/// open is dropped here (<see cref="OpenInterruptCheck"/>), so the streams do not announce it again.
/// </summary>
internal sealed class ThreadEventsConsumer(ThreadEventHub hub, OpenInterruptCheck open) :
    IConsumer<StepCompleted>,
    IConsumer<InterruptRaised>,
    IConsumer<InterruptResolved>,
    IConsumer<InterruptReminderDue>,
    IConsumer<ThreadCompleted>,
    IConsumer<ThreadFailed>,
    IConsumer<ThreadCancelled>
{
    public Task Consume(ConsumeContext<StepCompleted> context) => Publish(context, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptRaised> context) => PublishIfOpen(context, context.Message.Interrupt.Id, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptResolved> context) => Publish(context, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<InterruptReminderDue> context) => PublishIfOpen(context, context.Message.InterruptId, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadCompleted> context) => Publish(context, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadFailed> context) => Publish(context, ThreadEvent.Of(context.Message));

    public Task Consume(ConsumeContext<ThreadCancelled> context) => Publish(context, ThreadEvent.Of(context.Message));

    private Task Publish(ConsumeContext context, ThreadEvent threadEvent)
    {
        hub.Publish(threadEvent, MessageId(context));
        return Task.CompletedTask;
    }

    private async Task PublishIfOpen(ConsumeContext context, string interruptId, ThreadEvent threadEvent)
    {
        var messageId = MessageId(context);
        if (hub.Seen(messageId) || (OpenInterruptCheck.MayRepeat(context) && !await open.IsOpen(threadEvent, interruptId, messageId, context.CancellationToken)))
        {
            return;
        }

        hub.Publish(threadEvent, messageId);
    }

    // Interlude's messages always carry one (the outbox refuses to store a message without it).
    private static Guid MessageId(ConsumeContext context) => context.MessageId ?? NewId.NextGuid();
}
