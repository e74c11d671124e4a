using Interlude.Client;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Sends one <see cref="Contracts.ExecuteNode"/> per task the plan dispatches (a step's fan-out, or a task run again).</summary>
internal sealed class DispatchTasksActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    protected override async Task Apply(ThreadSession<TMessage> session, PlanResult plan)
    {
        if (plan.Dispatch.Count == 0)
        {
            return;
        }

        // One snapshot of the values for every task of the step (a fan-out serialises them once).
        var checkpoint = session.Checkpoint;
        var values = JsonBridge.ToObjectElement(checkpoint.Values);
        foreach (var task in plan.Dispatch)
        {
            await session.Context.Publish(task.ToExecuteNode(checkpoint, values)).ConfigureAwait(false);
        }
    }
}
