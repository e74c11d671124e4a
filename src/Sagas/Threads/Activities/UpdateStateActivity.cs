using Interlude.Client;
using System.Text.Json;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Writes values through the reducers, optionally as a node's output.</summary>
internal sealed class UpdateStateActivity(ThreadRuntime runtime) : ThreadCommandActivity<UpdateThreadState>(runtime)
{
    protected override Task<PlanResult> Plan(ThreadSession<UpdateThreadState> session)
    {
        var message = session.Message;
        return Task.FromResult(message.Values.ValueKind != JsonValueKind.Object
            ? PlanResult.Reject(RejectionReasons.Malformed, "The values must be a JSON object.")
            : session.Planner.Update(session.Checkpoint, JsonBridge.ToObject(message.Values), message.AsNode, session.Now));
    }

    protected override AuditContext Audit(UpdateThreadState message, DateTimeOffset now) =>
        new(AuditActions.Update, message.By, message.Scheme, now, new System.Text.Json.Nodes.JsonObject { ["values"] = JsonBridge.ToNode(message.Values), ["asNode"] = message.AsNode });

    protected override object Refusal(UpdateThreadState message, Rejection rejection) =>
        new CommandRejected { ThreadId = message.ThreadId, Command = nameof(UpdateThreadState), Reason = rejection.Reason, Message = rejection.Message };
}
