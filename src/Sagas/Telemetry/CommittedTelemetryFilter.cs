using MassTransit;

namespace Interlude.Sagas.Telemetry;

/// <summary>
/// For the in-memory store, whose saga changes are kept once the saga handled the message without an
/// error: records the message's measurements then.
/// </summary>
internal sealed class CommittedTelemetryFilter : IFilter<ConsumeContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("interlude-committed-telemetry");

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        await next.Send(context).ConfigureAwait(false);
        ThreadTransactionTelemetry.Of(context)?.Record();
    }
}
