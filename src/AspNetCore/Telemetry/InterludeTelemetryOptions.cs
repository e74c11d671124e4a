namespace Interlude.AspNetCore.Telemetry;

/// <summary>The <c>Interlude:Telemetry</c> section, read by the processes that serve the API.</summary>
public sealed class InterludeTelemetryOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Interlude:Telemetry";

    /// <summary>
    /// Whether this process reports the <c>interlude.interrupts.open</c> gauge (<c>Interlude:Telemetry:OpenInterrupts</c>),
    /// read from the inbox table over the bus while a meter listener subscribes to it. On by default: only
    /// processes that serve the API (<c>AddInterludeApi</c>) have it, so the workers do not report it again.
    /// </summary>
    public bool OpenInterrupts { get; set; } = true;

    /// <summary>How often the gauge's counts are read again, in seconds (<c>Interlude:Telemetry:OpenInterruptsRefreshSeconds</c>); scrapes in between get the last counts.</summary>
    public double OpenInterruptsRefreshSeconds { get; set; } = 15;
}
