using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Forks the thread from an earlier checkpoint of its history.</summary>
internal sealed class ReplayActivity(ThreadRuntime runtime) : ThreadCommandActivity<ReplayThread>(runtime)
{
    protected override async Task<PlanResult> Plan(ThreadSession<ReplayThread> session)
    {
        var message = session.Message;
        var saved = await session.Journal.Checkpoint(message.ThreadId, message.CheckpointId, session.Context.CancellationToken);
        return saved is null
            ? PlanResult.Reject(RejectionReasons.CheckpointNotFound, $"Thread '{message.ThreadId}' has no checkpoint '{message.CheckpointId}'.")
            : session.Planner.Fork(session.Checkpoint, saved, session.Now, message.RerunSteps);
    }

    protected override AuditContext Audit(ReplayThread message, DateTimeOffset now) =>
        new(AuditActions.Replay, message.By, message.Scheme, now, new System.Text.Json.Nodes.JsonObject { ["checkpointId"] = message.CheckpointId, ["rerunSteps"] = message.RerunSteps });

    protected override object Refusal(ReplayThread message, Rejection rejection) =>
        new CommandRejected { ThreadId = message.ThreadId, Command = nameof(ReplayThread), Reason = rejection.Reason, Message = rejection.Message };
}
