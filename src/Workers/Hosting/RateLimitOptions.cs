namespace Interlude.Workers.Hosting;

/// <summary>
/// The <c>Interlude:RateLimit</c> section: ASP.NET Core's rate limiter in front of the HTTP API, per
/// client address, a fixed window of <see cref="PermitLimit"/> requests; beyond it requests queue up to
/// <see cref="QueueLimit"/>, then get 429 <c>rate-limited</c>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Off: no limit.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per client address and window.</summary>
    public int PermitLimit { get; set; } = 200;

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests that wait for the next window instead of being refused at once.</summary>
    public int QueueLimit { get; set; } = 200;
}
