using System.Net;
using System.Text;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>
/// Idempotency that cannot expire into a wrong answer (issue 10, item 6), over real HTTP on each database: a
/// retry with the same <c>Idempotency-Key</c> and body returns the first outcome and applies nothing, however
/// many commands came in between; the key with another body is <c>422 idempotency-key-reused</c> and changes nothing.
/// </summary>
public sealed class HttpIdempotencyTests
{
    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Resume_RetriedAfterAHundredOtherKeyedCommands_ReturnsTheFirstOutcome_AndAppliesNothing(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await StartOn(database);
        var started = await host.PostJsonExpect("/threads", """{"graph":"validate-age","threadId":"age"}""", HttpStatusCode.Created);

        var first = await Expect(host, Command("/threads/age/resume", """{"resume":"thirty"}""", "first"), HttpStatusCode.OK);
        var reasked = Assert.Single(first.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString();
        Assert.NotEqual(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), reasked);
        for (var i = 1; i <= 100; i++)
        {
            await Expect(host, Command("/threads/age/state", $$$"""{"values":{"age":{{{i}}}}}""", $"other-{i}"), HttpStatusCode.OK);
        }

        var before = await host.GetState("age");
        var retry = await Expect(host, Command("/threads/age/resume", """{"resume":"thirty"}""", "first"), HttpStatusCode.OK);

        // Applied again, the answer would have been asked a third time (a new interrupt) at a new revision.
        Assert.Equal(reasked, Assert.Single(retry.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(before.GetRawText(), retry.GetRawText());
        Assert.Equal(before.GetRawText(), (await host.GetState("age")).GetRawText());
        Assert.Equal(100, retry.GetProperty("values").GetProperty("age").GetInt64());
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Resume_SameKeyWithAnotherBody_Is422IdempotencyKeyReused_AndChangesNothing(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await StartOn(database);
        await host.PostJsonExpect("/threads", """{"graph":"validate-age","threadId":"age"}""", HttpStatusCode.Created);
        await Expect(host, Command("/threads/age/resume", """{"resume":"thirty"}""", "answer"), HttpStatusCode.OK);
        var before = await host.GetState("age");

        using var reused = await host.Http.SendAsync(Command("/threads/age/resume", """{"resume":30}""", "answer"));
        await InterludeApiHost.AssertProblem(reused, (HttpStatusCode)422, "idempotency-key-reused");
        using var otherCommand = await host.Http.SendAsync(Command("/threads/age/state", """{"values":{"age":30}}""", "answer"));
        await InterludeApiHost.AssertProblem(otherCommand, (HttpStatusCode)422, "idempotency-key-reused");

        Assert.Equal(before.GetRawText(), (await host.GetState("age")).GetRawText());

        // The same body under a key of its own is a new answer; the key is per thread.
        var done = await Expect(host, Command("/threads/age/resume", """{"resume":30}""", "answer-2"), HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Start_SameKeyTwice_OneThread_AndTheKeyWithAnotherBodyOrThreadIdIs422(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await StartOn(database);

        // No thread id: the key names the thread, so the retry finds the one the first start created.
        var first = await Expect(host, Command("/threads", """{"graph":"validate-age"}""", "start-1"), HttpStatusCode.Created);
        var retry = await Expect(host, Command("/threads", """{"graph":"validate-age"}""", "start-1"), HttpStatusCode.Created);
        var threadId = first.GetProperty("threadId").GetString()!;
        Assert.Equal(first.GetRawText(), retry.GetRawText());
        using (var audit = await host.Get($"/threads/{threadId}/audit"))
        {
            var entries = (await InterludeApiHost.AssertJson(audit, HttpStatusCode.OK)).EnumerateArray().ToList();
            Assert.Equal(["start"], entries.Select(e => e.GetProperty("action").GetString()));
        }

        using var otherGraph = await host.Http.SendAsync(Command("/threads", """{"graph":"approval"}""", "start-1"));
        await InterludeApiHost.AssertProblem(otherGraph, (HttpStatusCode)422, "idempotency-key-reused");

        // A key names one start across threads: given with another thread id, it starts nothing.
        using var otherThread = await host.Http.SendAsync(Command("/threads", """{"graph":"validate-age","threadId":"elsewhere"}""", "start-1"));
        await InterludeApiHost.AssertProblem(otherThread, (HttpStatusCode)422, "idempotency-key-reused");
        using var missing = await host.Get("/threads/elsewhere/state");
        await InterludeApiHost.AssertProblem(missing, HttpStatusCode.NotFound, "thread-not-found");
        Assert.Equal(first.GetRawText(), (await host.GetState(threadId)).GetRawText());
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Resume_KeyOfARefusedAnswer_RecordsNothing_SoACorrectedAnswerWithItApplies(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await StartOn(database);
        var started = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"appr","input":{"action_details":"deploy"}}""", HttpStatusCode.Created);

        using var refused = await host.Http.SendAsync(Command("/threads/appr/resume", """{"resume":"yes"}""", "k"));
        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.BadRequest, "invalid-answer");
        using var refusedAgain = await host.Http.SendAsync(Command("/threads/appr/resume", """{"resume":"yes"}""", "k"));
        await InterludeApiHost.AssertProblem(refusedAgain, HttpStatusCode.BadRequest, "invalid-answer");
        Assert.Equal(started.GetProperty("revision").GetInt64(), (await host.GetState("appr")).GetProperty("revision").GetInt64());

        var done = await Expect(host, Command("/threads/appr/resume", """{"resume":true}""", "k"), HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [StoreTheory(Needs = StoreFeatures.Database)]
    public async Task Command_MalformedIdempotencyKey_Is400Malformed(ThreadStore store)
    {
        await using var database = await TestDatabase.CreateAsync(store);
        await using var host = await StartOn(database);
        using var tooLong = await host.Http.SendAsync(Command("/threads", """{"graph":"validate-age"}""", new string('k', 256)));
        await InterludeApiHost.AssertProblem(tooLong, HttpStatusCode.BadRequest, "malformed");
        var twice = Command("/threads", """{"graph":"validate-age"}""", "a");
        twice.Headers.Add("Idempotency-Key", "b");
        using var several = await host.Http.SendAsync(twice);
        await InterludeApiHost.AssertProblem(several, HttpStatusCode.BadRequest, "malformed");
    }

    private static Task<InterludeApiHost> StartOn(TestDatabase database) =>
        InterludeApiHost.StartAsync($"--Interlude:Database:Provider={database.Provider}", $"--ConnectionStrings:Interlude={database.ConnectionString}");

    private static HttpRequestMessage Command(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<JsonElement> Expect(InterludeApiHost host, HttpRequestMessage request, HttpStatusCode status)
    {
        using (request)
        {
            using var response = await host.Http.SendAsync(request);
            return await InterludeApiHost.AssertJson(response, status);
        }
    }
}
