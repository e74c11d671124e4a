using Interlude.Contracts;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Telemetry;
using MassTransit;

namespace Interlude.Sagas.Threads;

/// <summary>A command for a thread that does not exist is answered, never left to fault.</summary>
internal static class ThreadMissing
{
    public static CommandRejected CommandRejected(string threadId, string command) => new()
    {
        ThreadId = threadId,
        Command = command,
        Reason = RejectionReasons.ThreadNotFound,
        Message = $"Thread '{threadId}' does not exist.",
    };

    public static async Task Refuse<TMessage, TRefusal>(ConsumeContext<TMessage> context, TRefusal refusal)
        where TMessage : class
        where TRefusal : class
    {
        RefusalLog.Write(context, context.Message, refusal);
        CommitTelemetry.Refused(context, refusal, graph: null);
        if (context.RequestId.HasValue && context.ResponseAddress is not null)
        {
            await context.RespondAsync(refusal).ConfigureAwait(false);
        }

        await context.Publish(refusal).ConfigureAwait(false);
    }
}
