using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Publishes an <see cref="InterruptRaised"/> for every interrupt the plan opened.</summary>
internal sealed class PublishInterruptsRaisedActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    public static async Task Publish(ThreadSession<TMessage> session, PlanResult plan)
    {
        foreach (var raised in plan.Raised)
        {
            await session.Context.Publish(new InterruptRaised { ThreadId = session.Checkpoint.ThreadId, Graph = session.Checkpoint.Graph, Interrupt = raised.ToInfo() }).ConfigureAwait(false);
        }
    }

    protected override Task Apply(ThreadSession<TMessage> session, PlanResult plan) => Publish(session, plan);
}
