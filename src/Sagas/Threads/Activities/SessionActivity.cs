using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>The MassTransit plumbing of the thread saga's activities, so each one is only its rule on the message's session.</summary>
internal abstract class SessionActivity<TMessage> : IStateMachineActivity<GraphThreadState, TMessage>
    where TMessage : class
{
    public void Probe(ProbeContext context) => context.CreateScope(GetType().Name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public Task Execute(BehaviorContext<GraphThreadState, TMessage> context, IBehavior<GraphThreadState, TMessage> next)
    {
        // Work that finished synchronously hands on without an async frame of its own: a commit is a
        // chain of these, and most of its steps have nothing to do for a given plan.
        var work = Execute(SessionOf(context));
        return work.IsCompletedSuccessfully ? next.Execute(context) : ThenNext(work, context, next);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<GraphThreadState, TMessage, TException> context, IBehavior<GraphThreadState, TMessage> next)
        where TException : Exception => next.Faulted(context);

    protected abstract ThreadSession<TMessage> SessionOf(BehaviorContext<GraphThreadState, TMessage> context);

    protected abstract Task Execute(ThreadSession<TMessage> session);

    private static async Task ThenNext(Task work, BehaviorContext<GraphThreadState, TMessage> context, IBehavior<GraphThreadState, TMessage> next)
    {
        await work.ConfigureAwait(false);
        await next.Execute(context).ConfigureAwait(false);
    }
}
