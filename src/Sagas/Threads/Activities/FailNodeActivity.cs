using Interlude.Sagas.Nodes;
using MassTransit;
using Interlude.Contracts;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// A node threw past its retry policy: the thread fails with the node and its error. A worker that lacks
/// the thread's graph version ran nothing: the thread keeps waiting for the task, parked in <c>_error</c>.
/// </summary>
internal sealed class FailNodeActivity(ThreadRuntime runtime) : ThreadActivity<Fault<ExecuteNode>>(runtime)
{
    private static readonly string VersionUnavailable = typeof(GraphVersionUnavailableException).FullName!;

    protected override Task Execute(ThreadSession<Fault<ExecuteNode>> session)
    {
        var fault = session.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        if (exception?.ExceptionType == VersionUnavailable)
        {
            return Task.CompletedTask;
        }

        var error = exception is null ? "The node failed." : NodeErrors.Describe(exception.ExceptionType, exception.Message);
        var result = session.Planner.FailTask(session.Checkpoint, fault.Message.TaskId, error, session.Now);
        if (result.Changed)
        {
            session.Commit(result);
        }

        return Task.CompletedTask;
    }
}
