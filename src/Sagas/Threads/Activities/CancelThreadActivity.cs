using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Cancels a running or paused thread; results still in flight are ignored when they arrive.</summary>
internal sealed class CancelThreadActivity(ThreadRuntime runtime) : ThreadCommandActivity<CancelThread>(runtime)
{
    protected override Task<PlanResult> Plan(ThreadSession<CancelThread> session) =>
        Task.FromResult(session.Planner.Cancel(session.Checkpoint, session.Message.Reason ?? "requested", session.Now, session.Message.By));

    protected override AuditContext Audit(CancelThread message, DateTimeOffset now) =>
        new(AuditActions.Cancel, message.By, message.Scheme, now, new System.Text.Json.Nodes.JsonObject { ["reason"] = message.Reason ?? "requested" });

    protected override object Refusal(CancelThread message, Rejection rejection) =>
        new CommandRejected { ThreadId = message.ThreadId, Command = nameof(CancelThread), Reason = rejection.Reason, Message = rejection.Message };
}
