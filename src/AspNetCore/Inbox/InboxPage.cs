using System.Reflection;
using System.Text;

namespace Interlude.AspNetCore.Inbox;

/// <summary>The approval inbox page at <c>/</c>: static files embedded in the assembly, no build step, nothing from a CDN.</summary>
internal static class InboxPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/inbox.js", "inbox.js", "text/javascript; charset=utf-8"),
        ("/answer-form.js", "answer-form.js", "text/javascript; charset=utf-8"),
        ("/inbox.css", "inbox.css", "text/css; charset=utf-8"),
    ];

    /// <summary>The page's own files only: no inline script or style, no framing, no other origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Maps the page's files; the page's relative links resolve under <paramref name="prefix"/> through its base address.</summary>
    public static IEndpointRouteBuilder MapInboxPage(this IEndpointRouteBuilder app, string prefix)
    {
        var baseHref = Encoding.UTF8.GetBytes($"<base href=\"{System.Net.WebUtility.HtmlEncode(prefix.TrimEnd('/'))}/\">");
        foreach (var (path, resource, contentType) in Files)
        {
            var content = resource == "index.html" ? WithBase(Read(resource), baseHref) : Read(resource);
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XFrameOptions = "DENY";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(content, contentType);
            }).ExcludeFromDescription();
        }

        return app;
    }

    private static byte[] WithBase(byte[] page, byte[] baseHref)
    {
        var placeholder = "<base href=\"/\">"u8;
        var at = page.AsSpan().IndexOf(placeholder);
        return at < 0 ? throw new InvalidOperationException("The inbox page has no base address to set.") : [.. page.AsSpan(0, at), .. baseHref, .. page.AsSpan(at + placeholder.Length)];
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Interlude.AspNetCore.Inbox.{name}")
            ?? throw new InvalidOperationException($"The inbox page's '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
