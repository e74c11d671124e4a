using Interlude.Graph.Runtime;
using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Base of the commit's steps: each carries out one part of the plan the message's activity committed.</summary>
internal abstract class CommitActivity<TMessage> : SessionActivity<TMessage>
    where TMessage : class
{
    protected sealed override ThreadSession<TMessage> SessionOf(BehaviorContext<GraphThreadState, TMessage> context) =>
        ThreadSession<TMessage>.Of(context);

    protected sealed override Task Execute(ThreadSession<TMessage> session) =>
        Apply(session, session.Plan ?? throw new InvalidOperationException("A commit step runs only after an activity committed a plan."));

    protected abstract Task Apply(ThreadSession<TMessage> session, PlanResult plan);
}
