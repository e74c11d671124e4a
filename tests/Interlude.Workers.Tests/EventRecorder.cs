using Interlude.Contracts;
using MassTransit;

namespace Interlude.Workers.Tests;

/// <summary>
/// Subscribes to every event the thread saga emits, so the harness's <c>Consumed</c> list shows them
/// with their types whichever way they left: published directly, or sent by the database outbox.
/// </summary>
public sealed class EventRecorder :
    IConsumer<ThreadStarted>,
    IConsumer<StepCompleted>,
    IConsumer<InterruptRaised>,
    IConsumer<InterruptResolved>,
    IConsumer<InterruptReminderDue>,
    IConsumer<ResumeRejected>,
    IConsumer<CommandRejected>,
    IConsumer<ThreadCompleted>,
    IConsumer<ThreadFailed>,
    IConsumer<ThreadCancelled>
{
    public Task Consume(ConsumeContext<ThreadStarted> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<StepCompleted> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InterruptRaised> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InterruptResolved> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InterruptReminderDue> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ResumeRejected> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<CommandRejected> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ThreadCompleted> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ThreadFailed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ThreadCancelled> context) => Task.CompletedTask;
}
