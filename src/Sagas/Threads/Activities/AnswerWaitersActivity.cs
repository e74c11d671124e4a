using Interlude.Graph.Runtime;
using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Answers the requests waiting for the thread to pause or end with its snapshot, then forgets them.</summary>
internal sealed class AnswerWaitersActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    protected override async Task Apply(ThreadSession<TMessage> session, PlanResult plan)
    {
        var waiters = session.Thread.ReadWaiters();
        if (waiters.Count == 0)
        {
            return;
        }

        var snapshot = session.Checkpoint.ToSnapshot();
        foreach (var waiter in waiters)
        {
            var endpoint = await session.Context.GetSendEndpoint(waiter.ResponseAddress).ConfigureAwait(false);
            await endpoint.Send(snapshot, send => send.RequestId = waiter.RequestId).ConfigureAwait(false);
        }

        session.Thread.ClearWaiters();
    }
}
