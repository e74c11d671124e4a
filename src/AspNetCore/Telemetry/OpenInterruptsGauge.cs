using System.Diagnostics;
using System.Diagnostics.Metrics;
using Interlude.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interlude.AspNetCore.Telemetry;

/// <summary>
/// The observable gauge <c>interlude.interrupts.open</c> (by graph and version) on the <c>Interlude</c> meter.
/// Its counts come from the inbox table (<see cref="CountOpenInterrupts"/>, answered by a thread host), read
/// every <see cref="InterludeTelemetryOptions.OpenInterruptsRefreshSeconds"/> and only while a listener
/// subscribes, so scrapes never reach the database and a process nobody scrapes asks nothing.
/// </summary>
internal sealed partial class OpenInterruptsGauge(IMeterFactory meters, IClientFactory clients, IOptions<InterludeTelemetryOptions> options, ILogger<OpenInterruptsGauge> logger) : BackgroundService
{
    /// <summary>The name of Interlude's meter (<c>InterludeTelemetry.Name</c> in the runtime package, which the API does not reference).</summary>
    public const string MeterName = "Interlude";

    public const string InstrumentName = "interlude.interrupts.open";

    private IReadOnlyList<OpenInterruptCount> latest = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.OpenInterrupts)
        {
            return;
        }

        var meter = meters.Create(MeterName);
        var gauge = meter.CreateObservableGauge(InstrumentName, Observe, "{interrupt}", "Open interrupts in the inbox, by graph and version.");
        var client = clients.CreateRequestClient<CountOpenInterrupts>(RequestTimeout.After(s: 10));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.OpenInterruptsRefreshSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!gauge.Enabled)
            {
                continue;
            }

            try
            {
                var response = await client.GetResponse<OpenInterruptCounts>(new CountOpenInterrupts(), stoppingToken).ConfigureAwait(false);
                Volatile.Write(ref latest, response.Message.Items);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The last counts stay; the next tick asks again.
                CountFailed(logger, e);
            }
        }
    }

    private IEnumerable<Measurement<int>> Observe() =>
        Volatile.Read(ref latest).Select(c => new Measurement<int>(c.Count, new TagList { { "interlude.graph", c.Graph }, { "interlude.graph.version", c.GraphVersion } }));

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not read the open interrupts for the interlude.interrupts.open gauge")]
    private static partial void CountFailed(ILogger logger, Exception exception);
}
