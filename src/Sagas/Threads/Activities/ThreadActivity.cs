using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Base of the thread saga's activities: the MassTransit plumbing, so each activity is only its rule.</summary>
internal abstract class ThreadActivity<TMessage>(ThreadRuntime runtime) : IStateMachineActivity<GraphThreadState, TMessage>
    where TMessage : class
{
    public void Probe(ProbeContext context) => context.CreateScope(GetType().Name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<GraphThreadState, TMessage> context, IBehavior<GraphThreadState, TMessage> next)
    {
        await Execute(new ThreadSession<TMessage>(context, runtime)).ConfigureAwait(false);
        await next.Execute(context).ConfigureAwait(false);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<GraphThreadState, TMessage, TException> context, IBehavior<GraphThreadState, TMessage> next)
        where TException : Exception => next.Faulted(context);

    protected abstract Task Execute(ThreadSession<TMessage> session);
}
