using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Sagas.Scheduling;

/// <summary>
/// Gives each message the scheduler the state machine's <c>Schedule</c> / <c>Unschedule</c> use (as
/// MassTransit's delayed scheduler filter does). The scheduler is created lazily from the context that
/// asks for it: inside the thread transaction that is the outbox context, whose scope holds the
/// message's DbContext, so the scheduled row joins the saga's transaction.
/// </summary>
internal sealed class ThreadSchedulerFilter(IServiceProvider root) : IFilter<ConsumeContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("interlude-scheduler");

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context, CreateScheduler));
        return next.Send(context);
    }

    private MessageScheduler CreateScheduler(ConsumeContext context)
    {
        var services = context as IServiceProvider ?? (context.TryGetPayload(out IServiceProvider? scoped) ? scoped : root);
        return new MessageScheduler(services.GetRequiredService<IScheduleMessageProvider>(), context.GetPayload<IBusTopology>());
    }
}
