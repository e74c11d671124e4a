using Interlude.Client;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Whether an interrupt is still open, asked of the thread's state only for a raise or reminder that may
/// repeat an earlier delivery (sent again by the outbox sweeper, or redelivered by the broker): after a
/// crash the sweeper sends again the last events, the raise before the resolution, and a process that
/// has just started has seen neither. Fresh events, the normal case, cost nothing.
/// </summary>
internal sealed class OpenInterruptCheck(IGraphClient client, ILogger<OpenInterruptCheck> logger)
{
    public static bool MayRepeat(ConsumeContext context) =>
        context.Headers.Get<bool>(InterludeHeaders.Resent) == true || context.ReceiveContext.Redelivered;

    /// <summary>
    /// True if the thread still lists the interrupt. If the state cannot be read the event counts as open:
    /// an approver pinged twice is better than one never told.
    /// </summary>
    public async Task<bool> IsOpen(ThreadEvent threadEvent, string interruptId, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await client.GetStateAsync(threadEvent.ThreadId, cancellationToken);
            if (snapshot?.Interrupts.Any(i => i.Id == interruptId) == true)
            {
                return true;
            }

            logger.LogInformation("Dropped a repeated {Kind} (message {MessageId}) of interrupt {InterruptId} of thread {ThreadId}: it is no longer open.", threadEvent.Kind, messageId, interruptId, threadEvent.ThreadId);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read thread {ThreadId} to check a repeated {Kind} of interrupt {InterruptId}; it is streamed.", threadEvent.ThreadId, threadEvent.Kind, interruptId);
            return true;
        }
    }
}
