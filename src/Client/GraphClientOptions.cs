namespace Interlude.Client;

/// <summary>How <see cref="IGraphClient"/> waits, bound from the <c>Interlude:Api</c> configuration section.</summary>
public sealed class GraphClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Interlude:Api";

    /// <summary>How long starting or resuming a thread waits for it to pause or end (then it reports it as still running).</summary>
    public double WaitSeconds { get; set; } = 30;

    /// <summary><see cref="WaitSeconds"/> as a span.</summary>
    public TimeSpan Wait => TimeSpan.FromSeconds(WaitSeconds);
}
