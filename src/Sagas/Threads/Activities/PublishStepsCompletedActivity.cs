using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Publishes a <see cref="StepCompleted"/> for every step whose writes the plan applied (the stream of updates).</summary>
internal sealed class PublishStepsCompletedActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    public static async Task Publish(ThreadSession<TMessage> session, PlanResult plan)
    {
        foreach (var step in plan.Steps)
        {
            await session.Context.Publish(new StepCompleted
            {
                ThreadId = session.Checkpoint.ThreadId,
                Step = step.Step,
                CheckpointId = session.Checkpoint.CheckpointId,
                Writes = JsonBridge.ToObjectElement(step.Writes),
            }).ConfigureAwait(false);
        }
    }

    protected override Task Apply(ThreadSession<TMessage> session, PlanResult plan) => Publish(session, plan);
}
