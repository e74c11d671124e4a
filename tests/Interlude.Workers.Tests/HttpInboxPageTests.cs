using System.Net;
using System.Text.RegularExpressions;

namespace Interlude.Workers.Tests;

/// <summary>The inbox page's files as the host serves them: local, nothing fetched from elsewhere.</summary>
public sealed partial class HttpInboxPageTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/inbox.js", "text/javascript")]
    [InlineData("/inbox.css", "text/css")]
    [InlineData("/answer-form.js", "text/javascript")]
    public async Task Page_FilesAreServedLocally_WithNoExternalReference(string path, string mediaType)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(ExternalUrl(), body);
    }

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
