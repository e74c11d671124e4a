namespace Interlude.AspNetCore;

/// <summary>
/// What the HTTP API accepts, bound from the <c>Interlude:Api</c> configuration section (beside
/// <c>WaitSeconds</c>). Anything larger is refused before it reaches the bus, so the bus and the
/// database carry whatever the API accepts.
/// </summary>
public sealed class InterludeApiOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Interlude:Api";

    /// <summary>The largest request body, in bytes (<c>Interlude:Api:MaxBodyBytes</c>); larger: 413 <c>too-large</c>.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How deeply a request body's JSON may nest (<c>Interlude:Api:MaxDepth</c>); deeper: 400 <c>malformed</c>.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>The longest request target (path and query), in bytes; longer: 414 <c>too-large</c>.</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>The most header bytes (names and values) a request may carry; more: 431 <c>too-large</c>.</summary>
    public int MaxHeaderBytes { get; set; } = 32 * 1024;
}
