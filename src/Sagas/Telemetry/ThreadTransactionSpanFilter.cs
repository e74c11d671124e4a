using System.Diagnostics;
using Interlude.Contracts;
using MassTransit;

namespace Interlude.Sagas.Telemetry;

/// <summary>
/// Gives each attempt at a thread message (inside the endpoint's retry) an <c>interlude.thread.transaction</c>
/// span and a fresh <see cref="ThreadTransactionTelemetry"/>. Reads of a thread change nothing and get neither.
/// </summary>
internal sealed class ThreadTransactionSpanFilter : IFilter<ConsumeContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("interlude-thread-telemetry");

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (context.HasMessageType(typeof(GetThreadState)))
        {
            await next.Send(context).ConfigureAwait(false);
            return;
        }

        using var span = InterludeTelemetry.Source.StartActivity(ThreadTransactionTelemetry.SpanName);
        var telemetry = new ThreadTransactionTelemetry(span);
        context.AddOrUpdatePayload(() => telemetry, _ => telemetry);
        try
        {
            await next.Send(context).ConfigureAwait(false);
            span?.SetTag(TelemetryTags.Outcome, telemetry.Outcome);
        }
        catch (Exception e)
        {
            span?.SetTag(TelemetryTags.Outcome, "error").SetStatus(ActivityStatusCode.Error, e.Message).AddException(e);
            throw;
        }
    }
}
