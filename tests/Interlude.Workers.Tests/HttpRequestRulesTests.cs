using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Interlude.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Interlude.Workers.Tests;

/// <summary>What the HTTP API accepts (issue 10, "Requests"): content types, strict JSON, limits, ids; every refusal changes nothing.</summary>
public sealed class HttpRequestRulesTests
{
    private const string StartApproval = """{"graph":"approval","threadId":"appr","input":{"action_details":"deploy","status":"pending"}}""";

    private static async Task<(InterludeApiHost Host, string Before)> Paused(params string[] args)
    {
        var host = await InterludeApiHost.StartFreshAsync(args);
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        return (host, (await host.GetState("appr")).GetRawText());
    }

    /// <summary>A JSON POST to the paused thread is refused with 400 <paramref name="reason"/>, and the thread is as it was.</summary>
    private static async Task AssertRefusedAndUnchanged(string path, string body, string reason)
    {
        var (host, before) = await Paused();
        await using var _ = host;

        using var response = await host.PostJson(path, body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, reason);
        Assert.Equal(before, (await host.GetState("appr")).GetRawText());
    }

    private static Task<HttpResponseMessage> Post(InterludeApiHost host, string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return host.Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Resume_WithoutAJsonContentType_Returns415_AndTheInterruptStaysOpen(string? contentType)
    {
        var (host, before) = await Paused();
        await using var _ = host;

        using var response = await Post(host, "/threads/appr/resume", """{"resume":true,"by":"cfo@example.com"}""", contentType);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(before, (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task Start_AsAForm_Returns415_AndNoThreadExists()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await Post(host, "/threads", StartApproval, "text/plain; charset=utf-8");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        using var state = await host.Get("/threads/appr/state");
        await InterludeApiHost.AssertProblem(state, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    [InlineData("APPLICATION/JSON")]
    public async Task Resume_WithAJsonContentType_IsAccepted(string contentType)
    {
        var (host, _) = await Paused();
        await using var __ = host;

        using var response = await Post(host, "/threads/appr/resume", """{"resume":true}""", contentType);

        Assert.Equal("completed", (await InterludeApiHost.AssertJson(response, HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_WithATextBody_Returns415_AndTheThreadStaysPaused()
    {
        var (host, before) = await Paused();
        await using var _ = host;

        using var response = await Post(host, "/threads/appr/cancel", "{}", "text/plain");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(before, (await host.GetState("appr")).GetRawText());
    }

    [Theory]
    [InlineData("""{"resume":true,"resume":false}""")]
    [InlineData("""{"resume":{"approved":true,"approved":false}}""")]
    [InlineData("""{"resume":true,"asNode":"proceed"}""")]
    [InlineData("""{"resume":true,"Resume":true}""")]
    [InlineData("""{"resume":true""")]
    public Task Resume_MalformedJson_Returns400Malformed_AndNothingChanges(string body) =>
        AssertRefusedAndUnchanged("/threads/appr/resume", body, "malformed");

    [Fact]
    public async Task Resume_InvalidUtf8_Returns400Malformed_AndNothingChanges()
    {
        var (host, before) = await Paused();
        await using var _ = host;
        var content = new ByteArrayContent([.. "{\"resume\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await host.Http.PostAsync(new Uri("/threads/appr/resume", UriKind.Relative), content);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(before, (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task Start_NestedDeeperThanTheLimit_Returns400_AndAtTheLimitIsStoredWhole()
    {
        await using var host = await InterludeApiHost.StartFreshAsync("--Interlude:Api:MaxDepth=8");
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + "1" + string.Concat(Enumerable.Repeat("]", depth));

        // The body and the input are two levels: six arrays more reach the limit of 8.
        using var deep = await host.PostJson("/threads", $$$"""{"graph":"approval","threadId":"deep","input":{"action_details":{{{Nested(7)}}}}}""");
        var fits = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"fits","input":{"action_details":{{{Nested(6)}}}}}""", HttpStatusCode.Created);

        await InterludeApiHost.AssertProblem(deep, HttpStatusCode.BadRequest, "malformed");
        using var none = await host.Get("/threads/deep/state");
        await InterludeApiHost.AssertProblem(none, HttpStatusCode.NotFound, "thread-not-found");
        Assert.Equal(Nested(6), fits.GetProperty("values").GetProperty("action_details").GetRawText());
        Assert.Equal(Nested(6), (await host.GetState("fits")).GetProperty("values").GetProperty("action_details").GetRawText());
    }

    [Fact]
    public async Task Start_AtTheDefaultLimits_IsCarriedByTheBusAndTheDatabase()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var depth = 32 - 2;
        var nested = string.Concat(Enumerable.Repeat("[", depth)) + "1" + string.Concat(Enumerable.Repeat("]", depth));
        var text = new string('x', 1000 * 1000);

        var started = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"big","input":{"reason":"{{{text}}}","action_details":{{{nested}}}}}""", HttpStatusCode.Created);

        Assert.Equal(text, started.GetProperty("values").GetProperty("reason").GetString());
        var stored = await host.GetState("big");
        Assert.Equal(text, stored.GetProperty("values").GetProperty("reason").GetString());
        Assert.Equal(nested, stored.GetProperty("values").GetProperty("action_details").GetRawText());
    }

    [Fact]
    public async Task Start_LargerThanTheBodyLimit_Returns413TooLarge_WithOrWithoutALength()
    {
        await using var host = await InterludeApiHost.StartFreshAsync("--Interlude:Api:MaxBodyBytes=1000");
        var body = $$$"""{"graph":"approval","threadId":"big","input":{"action_details":"{{{new string('x', 2000)}}}"}}""";
        var unsized = new StreamContent(new UnsizedStream(Encoding.UTF8.GetBytes(body)));
        unsized.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var sized = await host.PostJson("/threads", body);
        using var chunked = await host.Http.PostAsync(new Uri("/threads", UriKind.Relative), unsized);

        await InterludeApiHost.AssertProblem(sized, HttpStatusCode.RequestEntityTooLarge, "too-large");
        await InterludeApiHost.AssertProblem(chunked, HttpStatusCode.RequestEntityTooLarge, "too-large");
        using var none = await host.Get("/threads/big/state");
        await InterludeApiHost.AssertProblem(none, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task StatePastTheThreadLimit_Returns413TooLarge_BeforeAnythingIsStored()
    {
        await using var host = await InterludeApiHost.StartFreshAsync("--Interlude:Threads:MaxStateBytes=2000");
        var large = new string('x', 3000);

        using var start = await host.PostJson("/threads", $$$"""{"graph":"approval","threadId":"big","input":{"action_details":"{{{large}}}"}}""");
        var paused = await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        using var update = await host.PostJson("/threads/appr/state", $$$"""{"values":{"reason":"{{{large}}}"}}""");

        await InterludeApiHost.AssertProblem(start, HttpStatusCode.RequestEntityTooLarge, "too-large");
        using var none = await host.Get("/threads/big/state");
        await InterludeApiHost.AssertProblem(none, HttpStatusCode.NotFound, "thread-not-found");
        await InterludeApiHost.AssertProblem(update, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Equal(paused.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task UnknownRoute_Returns404NotFound_AndWrongMethod405()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var unknown = await host.Get("/nothing/here");
        using var method = await host.Http.DeleteAsync(new Uri("/threads/appr/state", UriKind.Relative));

        await InterludeApiHost.AssertProblem(unknown, HttpStatusCode.NotFound, "not-found");
        await InterludeApiHost.AssertProblem(method, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task LongTargetAndLargeHeaders_Return414And431TooLarge()
    {
        await using var host = await InterludeApiHost.StartFreshAsync("--Interlude:Api:MaxRequestLineBytes=200", "--Interlude:Api:MaxHeaderBytes=500");
        using var headers = new HttpRequestMessage(HttpMethod.Get, new Uri("/interrupts", UriKind.Relative));
        headers.Headers.Add("X-Padding", new string('p', 600));

        using var target = await host.Get($"/threads/{new string('a', 300)}/state");
        using var big = await host.Http.SendAsync(headers);

        await InterludeApiHost.AssertProblem(target, HttpStatusCode.RequestUriTooLong, "too-large");
        await InterludeApiHost.AssertProblem(big, HttpStatusCode.RequestHeaderFieldsTooLarge, "too-large");
    }

    [Fact]
    public async Task RateLimit_Exceeded_Returns429RateLimited_AndTheRefusedResumeChangesNothing()
    {
        var (host, before) = await Paused("--Interlude:RateLimit:PermitLimit=2", "--Interlude:RateLimit:QueueLimit=0", "--Interlude:RateLimit:Window=01:00:00");
        await using var _ = host;

        // The start and the state read took the window's two permits; the state is read past HTTP.
        using var response = await host.PostJson("/threads/appr/resume", """{"resume":true}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.TooManyRequests, "rate-limited");
        var after = await host.Services.GetRequiredService<IGraphClient>().GetStateAsync("appr");
        var paused = System.Text.Json.JsonDocument.Parse(before).RootElement;
        Assert.Equal(paused.GetProperty("checkpointId").GetString(), after!.CheckpointId);
        Assert.Equal(paused.GetProperty("interrupts")[0].GetProperty("id").GetString(), Assert.Single(after.Interrupts).Id);
    }

    [Fact]
    public async Task Start_WithInputThatDoesNotFitTheState_Returns400InvalidValues_AndNoThreadExists()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", """{"graph":"validate-age","threadId":"age","input":{"age":"thirty"}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "invalid-values");
        using var none = await host.Get("/threads/age/state");
        await InterludeApiHost.AssertProblem(none, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("""{"values":{"status":{"not":"a string"}}}""")]
    [InlineData("""{"values":{"timeout_seconds":"soon"}}""")]
    [InlineData("""{"values":{"status":[1]},"asNode":"approval"}""")]
    public Task UpdateState_WithValuesThatDoNotFitTheState_Returns400InvalidValues_AndNothingChanges(string body) =>
        AssertRefusedAndUnchanged("/threads/appr/state", body, "invalid-values");

    [Theory]
    [InlineData("-leading")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a\n")]
    [InlineData("a/b")]
    public async Task Start_WithAnIdNoNewThreadMayTake_Returns400Malformed(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", $$$"""{"graph":"approval","threadId":{{{System.Text.Json.JsonSerializer.Serialize(threadId)}}},"input":{}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        using var inbox = await host.Get("/interrupts");
        Assert.Equal(0, (await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).GetArrayLength());
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("a%0A")]
    [InlineData("a%2Fb")]
    public async Task State_OfAnImpossibleId_Returns404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get($"/threads/{threadId}/state");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task Inbox_PageBeyondTheLast_Returns400_AndTheLastPageIsEmpty()
    {
        var (host, _) = await Paused();
        await using var __ = host;

        using var beyond = await host.Get($"/interrupts?page={int.MaxValue}&pageSize=1000");
        using var last = await host.Get($"/interrupts?page={Interlude.Contracts.ListInterrupts.MaxPage}&pageSize=1000");

        await InterludeApiHost.AssertProblem(beyond, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(0, (await InterludeApiHost.AssertJson(last, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task InboxPage_IsServedWithSecurityHeaders()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var page = await host.Get("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    /// <summary>A body whose length the client cannot know, so it is sent without a Content-Length.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
