using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Interlude;

/// <summary>
/// Interlude's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both
/// named <see cref="Name"/>, beside MassTransit's (<c>MassTransit</c>). Nothing is recorded unless a listener
/// subscribes, for example OpenTelemetry's <c>AddSource(InterludeTelemetry.Name)</c> and <c>AddMeter(InterludeTelemetry.Name)</c>.
/// The spans and instruments are listed in the README ("Telemetry").
/// </summary>
public static class InterludeTelemetry
{
    /// <summary>The name of Interlude's activity source and meter.</summary>
    public const string Name = "Interlude";

    private static readonly string? Version = typeof(InterludeTelemetry).Assembly.GetName().Version?.ToString();

    // Seconds from a node run (milliseconds) to an answer (days): the SDK's default buckets are for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 8 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400],
    };

    internal static ActivitySource Source { get; } = new(Name, Version);

    internal static Meter Meter { get; } = new(Name, Version);

    internal static Counter<long> InterruptsRaised { get; } = Meter.CreateCounter<long>("interlude.interrupts.raised", "{interrupt}", "Interrupts raised (committed), by graph.");

    internal static Counter<long> InterruptsResolved { get; } = Meter.CreateCounter<long>("interlude.interrupts.resolved", "{interrupt}", "Interrupts resolved (committed), by graph and outcome.");

    internal static Histogram<double> TimeToAnswer { get; } = Meter.CreateHistogram("interlude.interrupt.time_to_answer", "s", "From an interrupt's raise to its resolution, by graph and outcome.", advice: Seconds);

    internal static Counter<long> Timeouts { get; } = Meter.CreateCounter<long>("interlude.interrupts.timeouts", "{interrupt}", "Interrupts whose deadline passed (committed), by graph.");

    internal static Counter<long> Reminders { get; } = Meter.CreateCounter<long>("interlude.interrupts.reminders", "{reminder}", "Reminders that fell due (committed), by graph.");

    internal static Counter<long> AnswersRefused { get; } = Meter.CreateCounter<long>("interlude.answers.refused", "{answer}", "Resumes the thread refused, by reason (and graph when the thread exists).");

    internal static Counter<long> NodeFailures { get; } = Meter.CreateCounter<long>("interlude.node.failures", "{run}", "Node runs that threw or failed, by graph and node (each attempt counts).");

    internal static Histogram<double> NodeDuration { get; } = Meter.CreateHistogram("interlude.node.duration", "s", "How long a node run took, by graph, node and outcome.", advice: Seconds);
}
