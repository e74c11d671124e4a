using System.Net;
using System.Security.Cryptography;
using System.Text;
using Interlude.Workers.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Interlude.Workers.Tests;

/// <summary>
/// Who may call the stock host's API (README, "Authentication and authorization"): API keys in
/// <c>X-Api-Key</c>, 401 and 403 as problem+json that change nothing, anonymous callers only on loopback.
/// </summary>
public sealed class HttpAuthenticationTests
{
    private const string Start = """{"graph":"approval","threadId":"t","input":{"action_details":"deploy","status":"pending"}}""";

    private static Task<InterludeApiHost> KeyedHost() => InterludeApiHost.StartFreshAsync([
        .. InterludeApiHost.ApiKey("alice", "reader,starter,approver,operator"),
        .. InterludeApiHost.ApiKey("rita", "reader"),
        .. InterludeApiHost.ApiKey("bob", "approver")]);

    private static async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        await InterludeApiHost.AssertProblem(response, status, reason);
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("alice-key ")]
    public async Task Start_AnonymousOrWrongKey_Returns401Unauthenticated_AndCreatesNothing(string? key)
    {
        await using var host = await KeyedHost();
        using var caller = host.ClientWithKey(key);
        using var alice = host.ClientWithKey("alice-key");

        using var refused = await caller.PostAsync("/threads", Json(Start));
        using var read = await caller.GetAsync("/threads/t/state");
        using var inbox = await caller.GetAsync("/interrupts");

        await AssertRefused(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertRefused(read, HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertRefused(inbox, HttpStatusCode.Unauthorized, "unauthenticated");
        using var state = await alice.GetAsync("/threads/t/state");
        await InterludeApiHost.AssertProblem(state, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task Commands_KnownCallerWithoutTheRole_Return403Forbidden_AndChangeNothing()
    {
        await using var host = await KeyedHost();
        using var alice = host.ClientWithKey("alice-key");
        using var rita = host.ClientWithKey("rita-key");
        using var bob = host.ClientWithKey("bob-key");
        using var started = await alice.PostAsync("/threads", Json(Start));
        var before = await InterludeApiHost.AssertJson(started, HttpStatusCode.Created);

        using var start = await rita.PostAsync("/threads", Json(Start.Replace("\"t\"", "\"t2\"", StringComparison.Ordinal)));
        using var answer = await rita.PostAsync("/threads/t/resume", Json("""{"resume":true}"""));
        using var update = await bob.PostAsync("/threads/t/state", Json("""{"values":{"status":"approved"},"asNode":"proceed"}"""));
        using var cancel = await bob.PostAsync("/threads/t/cancel", Json("{}"));
        using var read = await bob.GetAsync("/threads/t/state");

        await AssertRefused(start, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefused(answer, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefused(update, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefused(cancel, HttpStatusCode.Forbidden, "forbidden");
        await AssertRefused(read, HttpStatusCode.Forbidden, "forbidden");
        var after = await InterludeApiHost.AssertJson(await rita.GetAsync("/threads/t/state"), HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
        Assert.Equal("interrupted", after.GetProperty("status").GetString());
        using var missing = await rita.GetAsync("/threads/t2/state");
        await InterludeApiHost.AssertProblem(missing, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task Resume_ByInTheBody_IsIgnored_TheAnswerNamesTheAuthenticatedCaller()
    {
        await using var host = await KeyedHost();
        using var alice = host.ClientWithKey("alice-key");
        using var bob = host.ClientWithKey("bob-key");
        using var started = await alice.PostAsync("/threads", Json(Start));
        var snapshot = await InterludeApiHost.AssertJson(started, HttpStatusCode.Created);
        using var stream = await SseStream.OpenAsync(alice, "/threads/t/events");
        await stream.NextAsync();

        using var answered = await bob.PostAsync("/threads/t/resume", Json("""{"resume":true,"by":"cfo@example.com"}"""));

        await InterludeApiHost.AssertJson(answered, HttpStatusCode.OK);
        Assert.Equal("alice", snapshot.GetProperty("startedBy").GetString());
        var resolved = (await stream.ReadUntilAsync("interrupt-resolved"))[^1];
        Assert.Equal("bob", resolved.Data.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Audit_NamesTheCallerAndTheirScheme_OldestFirstAndPaged_AndNeedsRead()
    {
        await using var host = await KeyedHost();
        using var alice = host.ClientWithKey("alice-key");
        using var bob = host.ClientWithKey("bob-key");
        using var anonymous = host.ClientWithKey(null);
        await InterludeApiHost.AssertJson(await alice.PostAsync("/threads", Json(Start)), HttpStatusCode.Created);
        await InterludeApiHost.AssertJson(await bob.PostAsync("/threads/t/resume", Json("""{"resume":true,"by":"cfo@example.com"}""")), HttpStatusCode.OK);

        var audit = await InterludeApiHost.AssertJson(await alice.GetAsync("/threads/t/audit"), HttpStatusCode.OK);
        var second = await InterludeApiHost.AssertJson(await alice.GetAsync("/threads/t/audit?page=2&pageSize=1"), HttpStatusCode.OK);
        using var refused = await anonymous.GetAsync("/threads/t/audit");
        using var forbidden = await bob.GetAsync("/threads/t/audit");
        using var missing = await alice.GetAsync("/threads/nope/audit");

        Assert.Equal(
            [("start", "alice", "ApiKey"), ("answer", "bob", "ApiKey")],
            audit.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("by").GetString(), e.GetProperty("scheme").GetString())));
        Assert.Equal("answer", Assert.Single(second.EnumerateArray()).GetProperty("action").GetString());
        await AssertRefused(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertRefused(forbidden, HttpStatusCode.Forbidden, "forbidden");
        await InterludeApiHost.AssertProblem(missing, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task KeyHash_TheSha256OfTheKey_Authenticates()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("s3cret"))).ToLowerInvariant();
        await using var host = await InterludeApiHost.StartFreshAsync("--Interlude:Auth:ApiKeys:ops:KeyHash=" + hash, "--Interlude:Auth:ApiKeys:ops:Roles=reader");
        using var ops = host.ClientWithKey("s3cret");
        using var hashAsKey = host.ClientWithKey(hash);

        using var read = await ops.GetAsync("/interrupts");
        using var refused = await hashAsKey.GetAsync("/interrupts");

        await InterludeApiHost.AssertJson(read, HttpStatusCode.OK);
        await AssertRefused(refused, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task InboxPage_NeedsNoKey_ItAsksForOne()
    {
        await using var host = await KeyedHost();
        using var anonymous = host.ClientWithKey(null);

        using var page = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("api-key", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAuth_OnLoopback_AnonymousCallersMayDoEverything()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        var started = await host.PostJsonExpect("/threads", Start, HttpStatusCode.Created);
        var done = await host.PostJsonExpect("/threads/t/resume", """{"resume":true,"by":"cfo@example.com"}""", HttpStatusCode.OK);

        Assert.Equal(JsonNull, started.GetProperty("startedBy").ValueKind);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://127.0.0.1:5080;http://192.168.1.5:5080")]
    public void NoAuth_OnAnAddressThatIsNotLoopback_RefusesToStart_NamingTheKeys(string urls)
    {
        var builder = WebApplication.CreateBuilder(["--urls", urls]);

        var refused = Assert.Throws<InterludeConfigurationException>(() => builder.AddInterludeHost());

        Assert.Contains("not loopback", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Interlude:Auth:ApiKeys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Interlude:Auth:AllowAnonymous=true", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Interlude:Auth:AllowAnonymous=true", "--Interlude:Role=All")]
    [InlineData("--Interlude:Auth:ApiKeys:alice:Key=k", "--Interlude:Auth:ApiKeys:alice:Roles=reader")]
    public void OnAnAddressThatIsNotLoopback_AuthOrAllowAnonymous_Starts(string setting, string other)
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://0.0.0.0:5080", setting, other]);

        builder.AddInterludeHost();
    }

    [Theory]
    [InlineData("--Interlude:Auth:ApiKeys:a:Roles=reader", "needs exactly one of :Key")]
    [InlineData("--Interlude:Auth:ApiKeys:a:KeyHash=abc", "64 hex digits")]
    [InlineData("--Interlude:Auth:Jwt:Authority=https://id.example.com", "Interlude:Auth:Jwt:Audience")]
    public void BadAuthConfiguration_IsRefusedNamingTheKey(string setting, string expected)
    {
        var refused = Assert.Throws<InterludeConfigurationException>(() => WebApplication.CreateBuilder([setting]).AddInterludeHost());

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
