using System.Reflection;

namespace Interlude.Workers.Inbox;

/// <summary>The approval inbox page at <c>/</c>: static files embedded in the assembly, no build step, nothing from a CDN.</summary>
internal static class InboxPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/inbox.js", "inbox.js", "text/javascript; charset=utf-8"),
        ("/inbox.css", "inbox.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapInboxPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, contentType);
            }).ExcludeFromDescription();
        }

        return app;
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Interlude.Workers.Inbox.{name}")
            ?? throw new InvalidOperationException($"The inbox page's '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
