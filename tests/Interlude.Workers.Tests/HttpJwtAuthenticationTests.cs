using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Interlude.Workers.Tests;

/// <summary>
/// The stock host's JWT bearer scheme (<c>Interlude:Auth:Jwt:Authority</c>, <c>:Audience</c>) with real signed
/// tokens from an issuer whose metadata and keys the host fetches: a valid token answers and is who the
/// audit names; a bad one is 401 with <c>WWW-Authenticate: Bearer</c>; a valid one without the role is 403.
/// </summary>
public sealed class HttpJwtAuthenticationTests
{
    private const string Audience = "interlude-api";

    private const string Start = """{"graph":"approval","threadId":"t","input":{"action_details":"deploy","status":"pending"}}""";

    [Fact]
    public async Task Resume_WithAValidTokenOfAnApprover_Answers_AndTheAuditNamesTheTokensSubject()
    {
        await using var issuer = await LoopbackTokenIssuer.StartAsync();
        await using var host = await Host(issuer);
        using var alice = host.ClientWithKey("alice-key");
        await InterludeApiHost.AssertJson(await alice.PostAsync("/threads", Json(Start)), HttpStatusCode.Created);
        using var jane = Bearer(host, issuer.Token("jane@example.com", Audience, ["approver"]));

        var done = await InterludeApiHost.AssertJson(await jane.PostAsync("/threads/t/resume", Json("""{"resume":true}""")), HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var audit = await InterludeApiHost.AssertJson(await alice.GetAsync("/threads/t/audit"), HttpStatusCode.OK);
        Assert.Equal(
            [("start", "alice", "ApiKey"), ("answer", "jane@example.com", "Bearer")],
            audit.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("by").GetString(), e.GetProperty("scheme").GetString())));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("unsigned")]
    [InlineData("another-issuers-key")]
    public async Task Resume_WithABadToken_Returns401WithWwwAuthenticateBearer_AndChangesNothing(string bad)
    {
        await using var issuer = await LoopbackTokenIssuer.StartAsync();
        await using var other = await LoopbackTokenIssuer.StartAsync();
        await using var host = await Host(issuer);
        using var alice = host.ClientWithKey("alice-key");
        var before = await InterludeApiHost.AssertJson(await alice.PostAsync("/threads", Json(Start)), HttpStatusCode.Created);
        var token = bad switch
        {
            "expired" => issuer.Token("jane", Audience, ["approver"], expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong-audience" => issuer.Token("jane", "another-api", ["approver"]),
            "unsigned" => issuer.Token("jane", Audience, ["approver"], signed: false),
            _ => other.Token("jane", Audience, ["approver"]),
        };
        using var caller = Bearer(host, token);

        using var refused = await caller.PostAsync("/threads/t/resume", Json("""{"resume":true}"""));

        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        var after = await InterludeApiHost.AssertJson(await alice.GetAsync("/threads/t/state"), HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
        Assert.Equal("interrupted", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resume_WithAValidTokenWithoutTheApproverRole_Returns403Forbidden_AndChangesNothing()
    {
        await using var issuer = await LoopbackTokenIssuer.StartAsync();
        await using var host = await Host(issuer);
        using var alice = host.ClientWithKey("alice-key");
        var before = await InterludeApiHost.AssertJson(await alice.PostAsync("/threads", Json(Start)), HttpStatusCode.Created);
        using var rita = Bearer(host, issuer.Token("rita", Audience, ["reader"]));

        using var read = await rita.GetAsync("/threads/t/state");
        using var refused = await rita.PostAsync("/threads/t/resume", Json("""{"resume":true}"""));

        await InterludeApiHost.AssertJson(read, HttpStatusCode.OK);
        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.Forbidden, "forbidden");
        var after = await InterludeApiHost.AssertJson(await alice.GetAsync("/threads/t/state"), HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
    }

    private static Task<InterludeApiHost> Host(LoopbackTokenIssuer issuer) => InterludeApiHost.StartFreshAsync([
        .. InterludeApiHost.ApiKey("alice", "reader,starter"),
        $"--Interlude:Auth:Jwt:Authority={issuer.Authority}",
        $"--Interlude:Auth:Jwt:Audience={Audience}"]);

    private static HttpClient Bearer(InterludeApiHost host, string token)
    {
        var client = host.ClientWithKey(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
