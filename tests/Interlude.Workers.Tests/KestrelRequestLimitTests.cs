using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Interlude.Workers.Tests;

/// <summary>The request limits on a real Kestrel server: its chunked bodies and its own header limits, answered as problem+json.</summary>
public sealed class KestrelRequestLimitTests
{
    [Fact]
    public async Task ChunkedBodyPastTheLimit_Returns413TooLarge_AndNoThreadExists()
    {
        await using var host = await InterludeApiHost.StartOnKestrelAsync("--Interlude:Api:MaxBodyBytes=4096");
        var body = Encoding.UTF8.GetBytes($$$"""{"graph":"approval","threadId":"big","input":{"action_details":"{{{new string('x', 100_000)}}}"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/threads", UriKind.Relative)) { Content = new StreamContent(new MemoryStream(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Http.SendAsync(request);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        using var none = await host.Get("/threads/big/state");
        await InterludeApiHost.AssertProblem(none, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task DefaultLimits_LongTarget414_LargeHeaders431_UnknownRoute404_AllProblemJson()
    {
        await using var host = await InterludeApiHost.StartOnKestrelAsync();
        using var headers = new HttpRequestMessage(HttpMethod.Get, new Uri("/interrupts", UriKind.Relative));
        headers.Headers.Add("X-Padding", new string('p', 40 * 1024));

        using var target = await host.Get($"/threads/a/state?q={new string('q', 10 * 1024)}");
        using var big = await host.Http.SendAsync(headers);
        using var unknown = await host.Get("/nothing");

        await InterludeApiHost.AssertProblem(target, HttpStatusCode.RequestUriTooLong, "too-large");
        await InterludeApiHost.AssertProblem(big, HttpStatusCode.RequestHeaderFieldsTooLarge, "too-large");
        await InterludeApiHost.AssertProblem(unknown, HttpStatusCode.NotFound, "not-found");
    }
}
