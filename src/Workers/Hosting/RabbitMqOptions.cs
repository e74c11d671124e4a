namespace Interlude.Workers.Hosting;

/// <summary>The <c>Interlude:RabbitMQ</c> section: the broker every process of one deployment shares.</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 5672;

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    public string VirtualHost { get; set; } = "/";

    /// <summary>
    /// Messages each consumer of this process takes from a queue ahead of processing. Small, so that
    /// competing workers share the work instead of one hoarding it while the others idle.
    /// </summary>
    public int PrefetchCount { get; set; } = 16;

    /// <summary>
    /// Put before every exchange and queue name Interlude declares (empty by default), so that several
    /// deployments or test runs can share one virtual host.
    /// </summary>
    public string Prefix { get; set; } = "";
}
