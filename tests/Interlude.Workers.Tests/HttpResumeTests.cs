using System.Net;
using System.Text;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary><c>POST /threads/{id}/resume</c> (DESIGN.md, "Interfaces").</summary>
public sealed class HttpResumeTests
{
    private const string ApprovalInput = """{"action_details":"deploy","status":"pending"}""";

    [Fact]
    public async Task Resume_NullOnABreakpoint_ContinuesThePipelineNodeByNode()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"pipe","input":{"topic":"otters"}}""", HttpStatusCode.Created);
        AssertBreakpoint(started, "research");

        var afterResearch = await host.PostJsonExpect("/threads/pipe/resume", """{"resume":null}""", HttpStatusCode.OK);
        AssertBreakpoint(afterResearch, "write");
        Assert.Equal("Notes on otters", afterResearch.GetProperty("values").GetProperty("notes").GetString());

        // Any value continues a breakpoint, and is discarded.
        var afterWrite = await host.PostJsonExpect("/threads/pipe/resume", """{"resume":{"ignored":true}}""", HttpStatusCode.OK);
        AssertBreakpoint(afterWrite, "publish");
        Assert.Equal("Draft about otters: Notes on otters", afterWrite.GetProperty("values").GetProperty("draft").GetString());

        var done = await host.PostJsonExpect("/threads/pipe/resume", """{"resume":null}""", HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("values").GetProperty("published").GetBoolean());
        Assert.Equal(0, done.GetProperty("interrupts").GetArrayLength());
    }

    [Fact]
    public async Task Resume_MapWithBothIds_CompletesTheParallelGraph()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"par"}""", HttpStatusCode.Created);
        var (a, b) = ParallelIds(started);

        var done = await host.PostJsonExpect("/threads/par/resume", $$$"""{"resumeMap":{"{{{a}}}":"x","{{{b}}}":{"n":1}},"by":"alice"}""", HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(0, done.GetProperty("interrupts").GetArrayLength());
        var vals = done.GetProperty("values").GetProperty("vals").EnumerateArray().Select(v => v.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["a:x", "b:{\"n\":1}"], vals);
    }

    [Fact]
    public async Task Resume_OneAtATimeByMap_ThenAlreadyResolvedForTheAnsweredId()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"par"}""", HttpStatusCode.Created);
        var (a, b) = ParallelIds(started);

        var half = await host.PostJsonExpect("/threads/par/resume", $$$"""{"resumeMap":{"{{{a}}}":"first"}}""", HttpStatusCode.OK);
        Assert.Equal("interrupted", half.GetProperty("status").GetString());
        Assert.Equal(b, Assert.Single(half.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString());

        using var again = await host.PostJson("/threads/par/resume", $$$"""{"resumeMap":{"{{{a}}}":"second"}}""");
        await InterludeApiHost.AssertProblem(again, HttpStatusCode.Conflict, "already-resolved");

        // With one interrupt left, a bare value is no longer ambiguous.
        var done = await host.PostJsonExpect("/threads/par/resume", """{"resume":"last"}""", HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var vals = done.GetProperty("values").GetProperty("vals").EnumerateArray().Select(v => v.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["a:first", "b:last"], vals);
    }

    [Fact]
    public async Task Resume_BareValueWhileTwoAreOpen_Returns409Ambiguous_AndBothStayOpen()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"par"}""", HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/par/resume", """{"resume":"x"}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "ambiguous");
        await AssertUnchanged(host, "par", started);
    }

    [Fact]
    public async Task Resume_UnknownInterruptId_Returns409UnknownInterrupt()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"appr","input":{{{ApprovalInput}}}}""", HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/resume", """{"resumeMap":{"0123456789abcdef0123456789abcdef":true}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "unknown-interrupt");
        await AssertUnchanged(host, "appr", started);
    }

    [Fact]
    public async Task Resume_CompletedThread_Returns409NotInterrupted()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"appr","input":{{{ApprovalInput}}}}""", HttpStatusCode.Created);
        var done = await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());

        using var response = await host.PostJson("/threads/appr/resume", """{"resume":false}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "not-interrupted");
        Assert.Equal("approved", (await host.GetState("appr")).GetProperty("values").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resume_InvalidAnswer_Returns400_TheInterruptStaysOpen_AndAValidAnswerThenWorks()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"appr","input":{{{ApprovalInput}}}}""", HttpStatusCode.Created);

        using var refused = await host.PostJson("/threads/appr/resume", """{"resume":"yes"}""");

        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.BadRequest, "invalid-answer");
        await AssertUnchanged(host, "appr", started);
        using var inbox = await host.Get("/interrupts");
        var pending = Assert.Single((await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), pending.GetProperty("id").GetString());

        using var alsoRefused = await host.PostJson("/threads/appr/resume", """{"resume":{"approved":"yes"}}""");
        await InterludeApiHost.AssertProblem(alsoRefused, HttpStatusCode.BadRequest, "invalid-answer");

        var done = await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("approved", done.GetProperty("values").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"by":"alice"}""")]
    [InlineData("""{"resume":true,"resumeMap":{}}""")]
    [InlineData("""{"resume":null,"resumeMap":null}""")]
    [InlineData("""{"resumeMap":[true]}""")]
    [InlineData("""{"resumeMap":"id"}""")]
    [InlineData("""{"resumeMap":null}""")]
    [InlineData("""{"resume":""")]
    [InlineData("")]
    [InlineData("""[{"resume":true}]""")]
    [InlineData("true")]
    public async Task Resume_MalformedRequest_Returns400Malformed_AndChangesNothing(string body)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"appr","input":{{{ApprovalInput}}}}""", HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/resume", body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        await AssertUnchanged(host, "appr", started);
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("has%20space")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("semi%3Bcolon")]
    public async Task Resume_UnknownOrInvalidThreadId_Returns404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson($"/threads/{threadId}/resume", """{"resume":true}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task Resume_RepeatedIdempotencyKey_ReturnsTheFirstOutcome_AndTheThreadAdvancesOnce()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"validate-age","threadId":"age"}""", HttpStatusCode.Created);
        Assert.Equal("What is your age?", started.GetProperty("interrupts")[0].GetProperty("value").GetString());

        var first = await ResumeWithKey(host, "age", """{"resume":"thirty"}""", "key-1");
        var repeat = await ResumeWithKey(host, "age", """{"resume":"thirty"}""", "key-1");

        var reasked = Assert.Single(first.GetProperty("interrupts").EnumerateArray());
        Assert.Equal("'thirty' is not a valid age. What is your age?", reasked.GetProperty("value").GetString());
        Assert.NotEqual(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), reasked.GetProperty("id").GetString());
        Assert.Equal(first.GetRawText(), repeat.GetRawText());
        var state = await host.GetState("age");
        Assert.Equal(first.GetProperty("checkpointId").GetString(), state.GetProperty("checkpointId").GetString());
        Assert.Equal(first.GetProperty("revision").GetInt64(), state.GetProperty("revision").GetInt64());
        Assert.Equal(reasked.GetProperty("id").GetString(), Assert.Single(state.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString());

        // The same answer under a new key is a second answer: the node asks a third time (a new interrupt).
        var second = await ResumeWithKey(host, "age", """{"resume":"thirty"}""", "key-2");
        var thirdAsk = Assert.Single(second.GetProperty("interrupts").EnumerateArray());
        Assert.NotEqual(reasked.GetProperty("id").GetString(), thirdAsk.GetProperty("id").GetString());

        var done = await ResumeWithKey(host, "age", """{"resume":30}""", "key-3");
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(30, done.GetProperty("values").GetProperty("age").GetInt64());
    }

    private static void AssertBreakpoint(JsonElement snapshot, string node)
    {
        Assert.Equal("interrupted", snapshot.GetProperty("status").GetString());
        var interrupt = Assert.Single(snapshot.GetProperty("interrupts").EnumerateArray());
        Assert.Equal(node, interrupt.GetProperty("node").GetString());
        Assert.Equal("before", interrupt.GetProperty("when").GetString());
        Assert.Equal(JsonValueKind.Null, interrupt.GetProperty("value").ValueKind);
        Assert.Equal([node], snapshot.GetProperty("next").EnumerateArray().Select(n => n.GetString()));
    }

    private static (string A, string B) ParallelIds(JsonElement snapshot)
    {
        var interrupts = snapshot.GetProperty("interrupts").EnumerateArray().ToDictionary(i => i.GetProperty("node").GetString()!, i => i.GetProperty("id").GetString()!);
        Assert.Equal(["a", "b"], interrupts.Keys.Order(StringComparer.Ordinal));
        return (interrupts["a"], interrupts["b"]);
    }

    /// <summary>The thread is where <paramref name="before"/> left it: same checkpoint, revision and open interrupts.</summary>
    private static async Task AssertUnchanged(InterludeApiHost host, string threadId, JsonElement before)
    {
        var state = await host.GetState(threadId);
        Assert.Equal("interrupted", state.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("checkpointId").GetString(), state.GetProperty("checkpointId").GetString());
        Assert.Equal(before.GetProperty("revision").GetInt64(), state.GetProperty("revision").GetInt64());
        Assert.Equal(before.GetProperty("interrupts").GetRawText(), state.GetProperty("interrupts").GetRawText());
    }

    private static HttpRequestMessage ResumeRequest(string threadId, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/threads/{threadId}/resume")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<JsonElement> ResumeWithKey(InterludeApiHost host, string threadId, string json, string key)
    {
        using var response = await host.Http.SendAsync(ResumeRequest(threadId, json, key));
        return await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
    }
}
