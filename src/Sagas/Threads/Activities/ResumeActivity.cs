using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Answers open interrupts; the answered tasks run again.</summary>
internal sealed class ResumeActivity(ThreadRuntime runtime) : ThreadCommandActivity<ResumeRequested>(runtime)
{
    protected override Task<PlanResult> Plan(ThreadSession<ResumeRequested> session)
    {
        var message = session.Message;
        var command = (message.ResumeMap is null
            ? ResumeCommand.Single(JsonBridge.ToNode(message.Resume), message.By)
            : ResumeCommand.ByIds(message.ResumeMap.ToDictionary(a => a.Key, a => JsonBridge.ToNode(a.Value)), message.By)) with { Roles = message.Roles ?? [] };
        return session.PlanKnowingResolutions(
            command.Map is null ? [] : [.. command.Map.Keys],
            resolved => session.Planner.Resume(session.Checkpoint, command, session.Now, resolved));
    }

    protected override AuditContext Audit(ResumeRequested message, DateTimeOffset now) => new(AuditActions.Answer, message.By, message.Scheme, now);

    protected override object Refusal(ResumeRequested message, Rejection rejection) =>
        new ResumeRejected { ThreadId = message.ThreadId, Reason = rejection.Reason, Message = rejection.Message };
}
