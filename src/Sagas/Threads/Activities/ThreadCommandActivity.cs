using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// A command on an existing thread (resume, update, cancel). A command seen before (same idempotency
/// key) changes nothing and is answered as the first time; a refused command changes nothing.
/// </summary>
internal abstract class ThreadCommandActivity<TMessage>(ThreadRuntime runtime) : ThreadActivity<TMessage>(runtime)
    where TMessage : class
{
    private readonly ThreadRuntime runtime = runtime;

    protected sealed override async Task Execute(ThreadSession<TMessage> session)
    {
        var key = session.KeyOf(IdempotencyKey(session.Message));
        if (session.Thread.FindCommand(key) is { } seen)
        {
            if (seen.Outcome == ThreadBookkeeping.Accepted)
            {
                await session.AnswerWhenSettled();
            }
            else if (session.IsRequest)
            {
                await session.Context.RespondAsync(Refusal(session.Message, new Rejection(seen.Outcome, seen.Message ?? seen.Outcome)));
            }

            return;
        }

        if (!session.HasGraph)
        {
            // Not recorded: once a host with the graph takes the command, the same key goes through.
            await session.Refuse(Refusal(session.Message, new Rejection(
                RejectionReasons.GraphUnavailable,
                $"Thread '{session.Thread.ThreadId}' runs graph '{session.Thread.Graph}' version {session.Thread.GraphVersion}, which this host does not have; it stays as it is.")));
            return;
        }

        var result = await Plan(session);
        if ((result.Rejected ?? ThreadStateSize.Check(session.Checkpoint, runtime.MaxStateBytes)) is { } rejection)
        {
            session.Thread.RecordCommand(new CommandOutcome(key, rejection.Reason, rejection.Message));
            await session.Refuse(Refusal(session.Message, rejection));
            return;
        }

        session.Thread.RecordCommand(new CommandOutcome(key, ThreadBookkeeping.Accepted, null));
        session.Audit = Audit(session.Message, session.Now);
        session.AnswerAfterCommit();
        session.Commit(result);
    }

    protected abstract string? IdempotencyKey(TMessage message);

    protected abstract Task<PlanResult> Plan(ThreadSession<TMessage> session);

    protected abstract object Refusal(TMessage message, Rejection rejection);

    /// <summary>The accepted command as the thread's audit records it.</summary>
    protected abstract AuditContext Audit(TMessage message, DateTimeOffset now);
}
