using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;
using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// One message's work on one thread: the checkpoint read from the saga row, and the effects of a plan
/// (persist, publish, dispatch, answer waiters, transition) applied in one place.
/// </summary>
internal sealed class ThreadSession<TMessage>(BehaviorContext<GraphThreadState, TMessage> context, ThreadRuntime runtime)
    where TMessage : class
{
    private ThreadCheckpoint? checkpoint;

    public BehaviorContext<GraphThreadState, TMessage> Context { get; } = context;

    public GraphThreadState Thread => Context.Saga;

    public TMessage Message => Context.Message;

    public DateTimeOffset Now => runtime.Now();

    public ThreadPlanner Planner => runtime.PlannerFor(Thread.Graph);

    /// <summary>Whether this host has the thread's graph (a host deployed without it can still refuse commands).</summary>
    public bool HasGraph => runtime.Catalog.Find(Thread.Graph) is not null;

    public ThreadCheckpoint Checkpoint => checkpoint ??= ThreadCheckpoint.FromJson(Thread.Checkpoint);

    /// <summary>The command this message is, for the audit of what it commits; null for the thread's own messages (node results, wake-ups).</summary>
    public AuditContext? Audit { get; set; }

    /// <summary>The history and interrupt journal, from the message's scope (it joins the saga's transaction).</summary>
    public IThreadJournal Journal => Context.GetServiceOrCreateInstance<IThreadJournal>();

    public bool IsRequest => Context.RequestId.HasValue && Context.ResponseAddress is not null;

    /// <summary>The command's idempotency key: the one it names, else its message id.</summary>
    public string KeyOf(string? idempotencyKey) => idempotencyKey ?? Context.MessageId?.ToString() ?? Guid.NewGuid().ToString();

    public void Use(ThreadCheckpoint started) => checkpoint = started;

    /// <summary>Has <see cref="Commit"/> answer the sender once the thread pauses or ends.</summary>
    public void AnswerAfterCommit()
    {
        if (IsRequest)
        {
            Thread.AddWaiter(new ThreadWaiter(Context.ResponseAddress!, Context.RequestId!.Value));
        }
    }

    /// <summary>Answers the sender once the thread pauses or ends (at once if it already has); nothing changes otherwise.</summary>
    public async Task AnswerWhenSettled()
    {
        if (!IsRequest)
        {
            return;
        }

        if (Checkpoint.Status == ThreadStatus.Running)
        {
            AnswerAfterCommit();
        }
        else
        {
            await Context.RespondAsync(Checkpoint.ToSnapshot()).ConfigureAwait(false);
        }
    }

    /// <summary>Applies a plan: stores the checkpoint, publishes what happened, dispatches tasks, plans the wake-up, answers waiters, transitions.</summary>
    public async Task Commit(PlanResult result)
    {
        var cp = Checkpoint;
        await CommitStep(result).ConfigureAwait(false);
        if (result.Dispatch.Count > 0)
        {
            // One snapshot of the values for every task of the step (a fan-out serialises them once).
            var values = JsonBridge.ToObjectElement(cp.Values);
            foreach (var task in result.Dispatch)
            {
                await Context.Publish(task.ToExecuteNode(cp, values)).ConfigureAwait(false);
            }
        }

        await PublishEnding(cp).ConfigureAwait(false);
        PlanWakeUp();
        if (cp.Status != ThreadStatus.Running)
        {
            await AnswerWaiters(cp).ConfigureAwait(false);
        }

        await Context.TransitionToState(Context.StateMachine.GetState(cp.Status.ToString())).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores the checkpoint and its history row, and publishes what happened, but dispatches nothing:
    /// a step a chain went past (its task already ran), and the first part of <see cref="Commit"/>.
    /// </summary>
    public async Task CommitStep(PlanResult result)
    {
        var cp = Checkpoint;
        Thread.Checkpoint = cp.ToJson();
        Thread.RunningTasks = RunningTaskList.Of(cp);
        Thread.UpdatedAt = Now;
        await Journal.Record(cp, Thread.Checkpoint, result, Audit, Context.CancellationToken).ConfigureAwait(false);

        foreach (var resolved in result.Resolved)
        {
            await Context.Publish(new InterruptResolved
            {
                ThreadId = cp.ThreadId,
                InterruptId = resolved.Interrupt.Id,
                Outcome = resolved.Outcome,
                Answer = JsonBridge.ToElement(resolved.Answer),
                By = resolved.By,
            }).ConfigureAwait(false);
        }

        foreach (var step in result.Steps)
        {
            await Context.Publish(new StepCompleted
            {
                ThreadId = cp.ThreadId,
                Step = step.Step,
                CheckpointId = cp.CheckpointId,
                Writes = JsonBridge.ToObjectElement(step.Writes),
            }).ConfigureAwait(false);
        }

        foreach (var reminder in result.Reminders)
        {
            await Context.Publish(new InterruptReminderDue
            {
                ThreadId = cp.ThreadId,
                Graph = cp.Graph,
                InterruptId = reminder.Id,
                Node = reminder.Node,
                Value = JsonBridge.ToElement(reminder.Value),
                ExpiresAt = reminder.ExpiresAt!.Value,
            }).ConfigureAwait(false);
        }

        foreach (var raised in result.Raised)
        {
            await Context.Publish(new InterruptRaised { ThreadId = cp.ThreadId, Graph = cp.Graph, Interrupt = raised.ToInfo() }).ConfigureAwait(false);
        }
    }

    /// <summary>Notes the wake-up the checkpoint needs now; the machine's next step schedules it if it changed.</summary>
    public void PlanWakeUp() => Thread.PlannedWakeUp = new WakeUpPlan(Checkpoint.NextWakeUp());

    /// <summary>Refuses a command: answers the sender if it asked, and publishes the refusal for everyone else.</summary>
    public async Task Refuse<TRefusal>(TRefusal refusal)
        where TRefusal : class
    {
        // By the refusal's runtime type: ThreadCommandActivity holds it as object, and MassTransit refuses
        // to send a message typed System.Object (the outbox then faults the whole message).
        var type = refusal.GetType();
        if (IsRequest)
        {
            await Context.RespondAsync(refusal, type).ConfigureAwait(false);
        }

        await Context.Publish(refusal, type).ConfigureAwait(false);
    }

    private async Task PublishEnding(ThreadCheckpoint cp)
    {
        if (Context.Saga.CurrentState == cp.Status.ToString())
        {
            return;
        }

        switch (cp.Status)
        {
            case ThreadStatus.Completed:
                await Context.Publish(new ThreadCompleted { ThreadId = cp.ThreadId, Graph = cp.Graph, Values = JsonBridge.ToObjectElement(cp.Values) }).ConfigureAwait(false);
                break;
            case ThreadStatus.Failed:
                await Context.Publish(new ThreadFailed { ThreadId = cp.ThreadId, Graph = cp.Graph, Node = cp.Error?.Node, Error = cp.Error?.Message ?? "failed" }).ConfigureAwait(false);
                break;
            case ThreadStatus.Cancelled:
                await Context.Publish(new ThreadCancelled { ThreadId = cp.ThreadId, Graph = cp.Graph, Reason = cp.CancelReason ?? "requested" }).ConfigureAwait(false);
                break;
        }
    }

    private async Task AnswerWaiters(ThreadCheckpoint cp)
    {
        var waiters = Thread.ReadWaiters();
        if (waiters.Count == 0)
        {
            return;
        }

        var snapshot = cp.ToSnapshot();
        foreach (var waiter in waiters)
        {
            var endpoint = await Context.GetSendEndpoint(waiter.ResponseAddress).ConfigureAwait(false);
            await endpoint.Send(snapshot, send => send.RequestId = waiter.RequestId).ConfigureAwait(false);
        }

        Thread.ClearWaiters();
    }
}
