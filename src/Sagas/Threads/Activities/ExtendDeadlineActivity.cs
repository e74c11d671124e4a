using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Moves an open interrupt's deadline; the thread's wake-up follows.</summary>
internal sealed class ExtendDeadlineActivity(ThreadRuntime runtime) : ThreadCommandActivity<ExtendInterruptDeadline>(runtime)
{
    protected override string? IdempotencyKey(ExtendInterruptDeadline message) => message.IdempotencyKey;

    protected override Task<PlanResult> Plan(ThreadSession<ExtendInterruptDeadline> session) =>
        Task.FromResult(session.Planner.Extend(session.Checkpoint, session.Message.InterruptId, session.Message.ExpiresAt, session.Message.ExtendBy, session.Now));

    protected override object Refusal(ExtendInterruptDeadline message, Rejection rejection) =>
        new CommandRejected { ThreadId = message.ThreadId, Command = nameof(ExtendInterruptDeadline), Reason = rejection.Reason, Message = rejection.Message };
}
