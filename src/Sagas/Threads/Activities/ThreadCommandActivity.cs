using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads.Commands;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>
/// A command on an existing thread (resume, update, cancel, replay, extend). A command seen before (same
/// idempotency key and content, or the same message) changes nothing and is answered as the first time; the
/// same key with other content is refused; a refused command changes nothing and records nothing.
/// </summary>
internal abstract class ThreadCommandActivity<TMessage>(ThreadRuntime runtime) : ThreadActivity<TMessage>(runtime)
    where TMessage : class
{
    private readonly ThreadRuntime runtime = runtime;

    protected sealed override async Task Execute(ThreadSession<TMessage> session)
    {
        var recall = await session.Recall();
        if (recall.Refusal is { } refused)
        {
            await session.Refuse(Refusal(session.Message, refused));
            return;
        }

        if (recall.Seen is { } seen)
        {
            if (seen.Outcome == CommandRecord.Accepted)
            {
                await session.AnswerWhenSettled();
            }
            else if (session.IsRequest)
            {
                // A refusal recorded by a version that recorded them (migrated keys): repeated as it was, by
                // its runtime type (MassTransit sends no message typed System.Object).
                var refusal = Refusal(session.Message, new Rejection(seen.Outcome, seen.Message ?? seen.Outcome));
                await session.Context.RespondAsync(refusal, refusal.GetType());
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
            // Not recorded either: a refusal changes nothing, and its key stays free for a corrected request.
            await session.Refuse(Refusal(session.Message, rejection));
            return;
        }

        session.RecordApplied(recall);
        session.Audit = Audit(session.Message, session.Now);
        session.AnswerAfterCommit();
        session.Commit(result);
    }

    protected abstract Task<PlanResult> Plan(ThreadSession<TMessage> session);

    protected abstract object Refusal(TMessage message, Rejection rejection);

    /// <summary>The accepted command as the thread's audit records it.</summary>
    protected abstract AuditContext Audit(TMessage message, DateTimeOffset now);
}
