using System.Net;

namespace Interlude.Workers.Hosting.Auth;

/// <summary>Where the web host will listen, as its configuration says (<c>urls</c>, <c>Kestrel:Endpoints</c>).</summary>
internal static class ListenAddresses
{
    /// <summary>The configured addresses; <paramref name="defaultUrls"/> when <c>urls</c> is empty (the host then listens there).</summary>
    public static IReadOnlyList<string> Of(IConfiguration configuration, string defaultUrls)
    {
        var urls = configuration["urls"];
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        return [.. (string.IsNullOrWhiteSpace(urls) ? defaultUrls : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. endpoints];
    }

    /// <summary>Whether <paramref name="url"/> binds a loopback address only (<c>localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>); <c>*</c>, <c>+</c> and <c>0.0.0.0</c> do not.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/', 2)[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
