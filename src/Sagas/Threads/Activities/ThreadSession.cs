using Interlude.Contracts;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Telemetry;
using Interlude.Sagas.Threads.Commands;
using MassTransit;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// One message's work on one thread: the checkpoint read from the saga row once, and the plan the
/// message's activity committed. Kept as a payload of the message's saga context, so every behaviour of
/// the transition (the commit's steps, the state's enter behaviour) reads the same parsed checkpoint.
/// </summary>
internal class ThreadSession(GraphThreadState thread, ThreadRuntime runtime)
{
    private ThreadCheckpoint? checkpoint;
    private DateTimeOffset? nextWakeUp;
    private bool nextWakeUpKnown;

    public GraphThreadState Thread { get; } = thread;

    public DateTimeOffset Now => runtime.Now();

    public ThreadPlanner Planner => runtime.PlannerFor(Thread.Graph, Thread.GraphVersion);

    /// <summary>Whether this host has the thread's graph version (a host deployed without it can still refuse commands).</summary>
    public bool HasGraph => runtime.Catalog.Find(Thread.Graph, Thread.GraphVersion) is not null;

    public ThreadCheckpoint Checkpoint => checkpoint ??= ThreadCheckpoint.FromJson(Thread.Checkpoint);

    /// <summary>The command this message is, for the audit of what it commits; null for the thread's own messages (node results, wake-ups).</summary>
    public AuditContext? Audit { get; set; }

    /// <summary>The plan the activity committed, which the machine's commit behaviours carry out; null: nothing changed.</summary>
    public PlanResult? Plan { get; private set; }

    /// <summary>
    /// When the thread must wake next, from the checkpoint as the message leaves it (computed once: the
    /// wake-up behaviour reads it several times).
    /// </summary>
    public DateTimeOffset? NextWakeUp
    {
        get
        {
            if (!nextWakeUpKnown)
            {
                nextWakeUp = Checkpoint.NextWakeUp();
                nextWakeUpKnown = true;
            }

            return nextWakeUp;
        }
    }

    /// <summary>The session of the message a behaviour runs for (added by the activity that ran first).</summary>
    public static ThreadSession Of(PipeContext context) => context.GetPayload<ThreadSession>();

    public void Use(ThreadCheckpoint started) => checkpoint = started;

    /// <summary>Commits a plan that changed the checkpoint: the behaviours after the activity persist, publish, dispatch and transition.</summary>
    public void Commit(PlanResult result) => Plan = result;
}

/// <summary>A <see cref="ThreadSession"/> with the message and its context: what activities and commit steps act through.</summary>
internal sealed class ThreadSession<TMessage>(BehaviorContext<GraphThreadState, TMessage> context, ThreadRuntime runtime)
    : ThreadSession(context.Saga, runtime)
    where TMessage : class
{
    public BehaviorContext<GraphThreadState, TMessage> Context { get; } = context;

    public TMessage Message => Context.Message;

    /// <summary>The history and interrupt journal, from the message's scope (it joins the saga's transaction).</summary>
    public IThreadJournal Journal => Context.GetServiceOrCreateInstance<IThreadJournal>();

    public bool IsRequest => Context.RequestId.HasValue && Context.ResponseAddress is not null;

    /// <summary>The message's session: the one an earlier behaviour of this message began, or a new one.</summary>
    public static ThreadSession<TMessage> Begin(BehaviorContext<GraphThreadState, TMessage> context, ThreadRuntime runtime) =>
        context.GetOrAddPayload(() =>
        {
            ThreadTransactionTelemetry.Of(context)?.Describe(context.Saga);
            return new ThreadSession<TMessage>(context, runtime);
        });

    /// <summary>The session the message's activity began (a commit step always follows one).</summary>
    public static new ThreadSession<TMessage> Of(PipeContext context) => context.GetPayload<ThreadSession<TMessage>>();

    /// <summary>The commands the store remembers by key, from the message's scope (its records join the saga's transaction).</summary>
    public ICommandLedger Ledger => Context.GetServiceOrCreateInstance<ICommandLedger>();

    /// <summary>What the ledger says of this command: a repeat, a reused key, or new.</summary>
    public Task<CommandRecall> Recall() => CommandRecall.Of(Message, Context.MessageId, Ledger, Context.CancellationToken);

    /// <summary>Records the command as applied, with the rest of what the message changes.</summary>
    public void RecordApplied(CommandRecall recall) => recall.RecordApplied(Ledger, Thread.ThreadId, Now);

    /// <summary>Has the commit answer the sender once the thread pauses or ends.</summary>
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

    /// <summary>
    /// Stores a step a chain went past (its task already ran, so nothing is dispatched) at once, with the
    /// first steps of the machine's commit: the checkpoint and its history row, then what happened.
    /// </summary>
    public async Task CommitStep(PlanResult result)
    {
        await PersistCheckpointActivity<TMessage>.Persist(this, result).ConfigureAwait(false);
        await PublishInterruptsResolvedActivity<TMessage>.Publish(this, result).ConfigureAwait(false);
        await PublishStepsCompletedActivity<TMessage>.Publish(this, result).ConfigureAwait(false);
        await PublishRemindersDueActivity<TMessage>.Publish(this, result).ConfigureAwait(false);
        await PublishInterruptsRaisedActivity<TMessage>.Publish(this, result).ConfigureAwait(false);
    }

    /// <summary>Refuses a command: logs it, answers the sender if it asked, and publishes the refusal for everyone else.</summary>
    public async Task Refuse<TRefusal>(TRefusal refusal)
        where TRefusal : class
    {
        RefusalLog.Write(Context, Message, refusal);
        CommitTelemetry.Refused(Context, refusal, Thread.Graph);
        // By the refusal's runtime type: ThreadCommandActivity holds it as object, and MassTransit refuses
        // to send a message typed System.Object (the outbox then faults the whole message).
        var type = refusal.GetType();
        if (IsRequest)
        {
            await Context.RespondAsync(refusal, type).ConfigureAwait(false);
        }

        await Context.Publish(refusal, type).ConfigureAwait(false);
    }
}
