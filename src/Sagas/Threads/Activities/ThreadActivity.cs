using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// Base of the activities that handle a message: each begins the message's session, asks the planner
/// and, when the checkpoint changed, commits the plan for the machine's commit behaviours.
/// </summary>
internal abstract class ThreadActivity<TMessage>(ThreadRuntime runtime) : SessionActivity<TMessage>
    where TMessage : class
{
    protected sealed override ThreadSession<TMessage> SessionOf(BehaviorContext<GraphThreadState, TMessage> context) =>
        ThreadSession<TMessage>.Begin(context, runtime);
}
