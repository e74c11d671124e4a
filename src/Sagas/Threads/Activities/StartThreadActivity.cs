using Interlude.Client;
using MassTransit;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads.Commands;

namespace Interlude.Sagas.Threads.Activities;

/// <summary>Creates the thread: applies the input, plans the first step. A start that cannot apply is refused and commits nothing.</summary>
internal sealed class StartThreadActivity(ThreadRuntime runtime) : ThreadActivity<StartThread>(runtime)
{
    private readonly ThreadRuntime runtime = runtime;

    protected override async Task Execute(ThreadSession<StartThread> session)
    {
        var message = session.Message;
        var recall = await session.Recall();

        // A key known here names a start of another thread (a start of this one would have found it): reused.
        var refusal = recall.Refusal ?? (recall is { Seen: not null, Key.Named: true } ? KeyReused(recall.Key.Value, recall.Seen.ThreadId) : null) ?? Check(message, runtime.Catalog);
        ThreadCheckpoint? checkpoint = null;
        PlanResult? result = null;
        if (refusal is null)
        {
            // A new thread starts on the highest version this host has, and keeps it.
            var latest = runtime.Catalog.Get(message.Graph);
            (checkpoint, result) = runtime.PlannerFor(latest.Name, latest.Version).Start(message.ThreadId, JsonBridge.ToNode(message.Input) as System.Text.Json.Nodes.JsonObject, session.Now, message.By);
            refusal = result.Rejected ?? ThreadStateSize.Check(checkpoint!, runtime.MaxStateBytes);
        }

        if (refusal is not null)
        {
            // Nothing committed: the machine ends the new instance, so no thread is stored.
            await session.Refuse(new CommandRejected { ThreadId = message.ThreadId, Command = nameof(StartThread), Reason = refusal.Reason, Message = refusal.Message });
            return;
        }

        var thread = session.Thread;
        thread.ThreadId = message.ThreadId;
        thread.Graph = message.Graph;
        thread.GraphVersion = checkpoint!.GraphVersion;
        thread.StartedBy = message.By;
        thread.CreatedAt = session.Now;
        session.RecordApplied(recall);
        session.Use(checkpoint!);
        session.Audit = new AuditContext(AuditActions.Start, message.By, message.Scheme, session.Now, new System.Text.Json.Nodes.JsonObject { ["graph"] = message.Graph, ["graphVersion"] = checkpoint.GraphVersion });
        await session.Context.Publish(new ThreadStarted { ThreadId = message.ThreadId, Graph = message.Graph, GraphVersion = checkpoint.GraphVersion, CheckpointId = checkpoint.CheckpointId });
        session.AnswerAfterCommit();
        session.Commit(result!);
    }

    private static Rejection KeyReused(CommandKey key, string threadId) =>
        new(RejectionReasons.IdempotencyKeyReused, $"Idempotency key '{key.Key}' started thread '{threadId}'; nothing changed. A new start needs a new key.");

    private static Rejection? Check(StartThread message, GraphCatalog catalog)
    {
        if (!ThreadIdentity.IsValidNew(message.ThreadId))
        {
            return new Rejection(RejectionReasons.Malformed, "A thread id is 1 to 64 characters of [A-Za-z0-9._:-], starting with a letter or digit.");
        }

        if (catalog.Find(message.Graph) is null)
        {
            return new Rejection(RejectionReasons.GraphNotFound, $"No graph is named '{message.Graph}'. Known graphs: {string.Join(", ", catalog.Names)}.");
        }

        return message.Input is { ValueKind: not System.Text.Json.JsonValueKind.Object and not System.Text.Json.JsonValueKind.Null }
            ? new Rejection(RejectionReasons.Malformed, "The input must be a JSON object.")
            : null;
    }
}
