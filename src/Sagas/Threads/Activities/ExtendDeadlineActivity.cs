using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Moves an open interrupt's deadline; the thread's wake-up follows.</summary>
internal sealed class ExtendDeadlineActivity(ThreadRuntime runtime) : ThreadCommandActivity<ExtendInterruptDeadline>(runtime)
{
    protected override Task<PlanResult> Plan(ThreadSession<ExtendInterruptDeadline> session)
    {
        var message = session.Message;
        return session.PlanKnowingResolutions(
            [message.InterruptId],
            resolved => session.Planner.Extend(session.Checkpoint, message.InterruptId, message.ExpiresAt, message.ExtendBy, session.Now, resolved));
    }

    protected override AuditContext Audit(ExtendInterruptDeadline message, DateTimeOffset now) => new(AuditActions.Extend, message.By, message.Scheme, now);

    protected override object Refusal(ExtendInterruptDeadline message, Rejection rejection) =>
        new CommandRejected { ThreadId = message.ThreadId, Command = nameof(ExtendInterruptDeadline), Reason = rejection.Reason, Message = rejection.Message };
}
