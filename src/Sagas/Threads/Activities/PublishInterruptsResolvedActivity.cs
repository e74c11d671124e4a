using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Publishes an <see cref="InterruptResolved"/> for every interrupt the plan closed.</summary>
internal sealed class PublishInterruptsResolvedActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    public static async Task Publish(ThreadSession<TMessage> session, PlanResult plan)
    {
        foreach (var resolved in plan.Resolved)
        {
            await session.Context.Publish(new InterruptResolved
            {
                ThreadId = session.Checkpoint.ThreadId,
                InterruptId = resolved.Interrupt.Id,
                Outcome = resolved.Outcome,
                Answer = JsonBridge.ToElement(resolved.Answer),
                By = resolved.By,
            }).ConfigureAwait(false);
        }
    }

    protected override Task Apply(ThreadSession<TMessage> session, PlanResult plan) => Publish(session, plan);
}
