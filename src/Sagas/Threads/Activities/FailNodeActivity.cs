using MassTransit;
using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>A node threw past its retry policy: the thread fails with the node and its error.</summary>
internal sealed class FailNodeActivity(ThreadRuntime runtime) : ThreadActivity<Fault<ExecuteNode>>(runtime)
{
    protected override Task Execute(ThreadSession<Fault<ExecuteNode>> session)
    {
        var fault = session.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        var error = exception is null ? "The node failed." : NodeErrors.Describe(exception.ExceptionType, exception.Message);
        var result = session.Planner.FailTask(session.Checkpoint, fault.Message.TaskId, error, session.Now);
        if (result.Changed)
        {
            session.Commit(result);
        }

        return Task.CompletedTask;
    }
}
