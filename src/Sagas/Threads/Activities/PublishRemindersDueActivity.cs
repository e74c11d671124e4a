using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Publishes an <see cref="InterruptReminderDue"/> for every open interrupt whose reminder fell due.</summary>
internal sealed class PublishRemindersDueActivity<TMessage> : CommitActivity<TMessage>
    where TMessage : class
{
    public static async Task Publish(ThreadSession<TMessage> session, PlanResult plan)
    {
        foreach (var reminder in plan.Reminders)
        {
            await session.Context.Publish(new InterruptReminderDue
            {
                ThreadId = session.Checkpoint.ThreadId,
                Graph = session.Checkpoint.Graph,
                InterruptId = reminder.Id,
                Node = reminder.Node,
                Value = JsonBridge.ToElement(reminder.Value),
                ExpiresAt = reminder.ExpiresAt!.Value,
            }).ConfigureAwait(false);
        }
    }

    protected override Task Apply(ThreadSession<TMessage> session, PlanResult plan) => Publish(session, plan);
}
