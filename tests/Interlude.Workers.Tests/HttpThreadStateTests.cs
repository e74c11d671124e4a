using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Interlude.Workers.Tests;

/// <summary><c>GET</c> and <c>POST /threads/{id}/state</c> (DESIGN.md, "Interfaces" and "State snapshot").</summary>
public sealed partial class HttpThreadStateTests
{
    private const string StartApproval = """{"graph":"approval","threadId":"appr","input":{"action_details":"deploy","status":"pending"}}""";

    [Fact]
    public async Task GetState_OfAPausedThread_HasEverySnapshotField()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        using var response = await host.Get("/threads/appr/state");

        var state = await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
        Assert.Equal("appr", state.GetProperty("threadId").GetString());
        Assert.Equal("approval", state.GetProperty("graph").GetString());
        Assert.Equal("interrupted", state.GetProperty("status").GetString());
        Assert.Equal("deploy", state.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal(["approval"], state.GetProperty("next").EnumerateArray().Select(n => n.GetString()));

        var interrupt = Assert.Single(state.GetProperty("interrupts").EnumerateArray());
        var task = Assert.Single(state.GetProperty("tasks").EnumerateArray());
        Assert.Matches(Hex32(), task.GetProperty("id").GetString());
        Assert.Equal("approval", task.GetProperty("name").GetString());
        Assert.Equal(interrupt.GetRawText(), Assert.Single(task.GetProperty("interrupts").EnumerateArray()).GetRawText());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("error").ValueKind);

        Assert.Equal(JsonValueKind.Number, state.GetProperty("step").ValueKind);
        Assert.Matches(Hex32(), state.GetProperty("checkpointId").GetString());
        Assert.True(state.TryGetProperty("parentCheckpointId", out _));
        Assert.InRange(state.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var metadata = state.GetProperty("metadata");
        Assert.Equal("input", metadata.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Object, metadata.GetProperty("writes").ValueKind);
    }

    [Fact]
    public async Task GetState_AfterAStep_NamesTheParentCheckpointAndTheLoopWrites()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"pipe","input":{"topic":"otters"}}""", HttpStatusCode.Created);
        await host.PostJsonExpect("/threads/pipe/resume", """{"resume":null}""", HttpStatusCode.OK);

        var state = await host.GetState("pipe");

        Assert.Equal("loop", state.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal("Notes on otters", state.GetProperty("metadata").GetProperty("writes").GetProperty("research").GetProperty("notes").GetString());
        Assert.NotEqual(started.GetProperty("checkpointId").GetString(), state.GetProperty("checkpointId").GetString());
        Assert.Equal(started.GetProperty("checkpointId").GetString(), state.GetProperty("parentCheckpointId").GetString());
        Assert.True(state.GetProperty("step").GetInt32() > started.GetProperty("step").GetInt32());
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("has%20space")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task GetState_UnknownOrInvalidThreadId_Returns404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get($"/threads/{threadId}/state");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task UpdateState_WithoutAsNode_WritesValues_AndTheThreadStaysPaused()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        var updated = await host.PostJsonExpect("/threads/appr/state", """{"values":{"action_details":"deploy v3"}}""", HttpStatusCode.OK);

        Assert.Equal("interrupted", updated.GetProperty("status").GetString());
        Assert.Equal("deploy v3", updated.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal("pending", updated.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal("update", updated.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal(started.GetProperty("checkpointId").GetString(), updated.GetProperty("parentCheckpointId").GetString());
        Assert.Equal(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), Assert.Single(updated.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(updated.GetRawText(), (await host.GetState("appr")).GetRawText());

        // The open question still resumes the thread, which now sees the updated values.
        var done = await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);
        Assert.Equal("approved", done.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal("deploy v3", done.GetProperty("values").GetProperty("action_details").GetString());
    }

    [Fact]
    public async Task UpdateState_AsTheBreakpointNode_PausesBeforeItsSuccessor()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"pipe","input":{"topic":"otters"}}""", HttpStatusCode.Created);

        var updated = await host.PostJsonExpect("/threads/pipe/state", """{"values":{"notes":"my own notes"},"asNode":"research"}""", HttpStatusCode.OK);

        Assert.Equal("interrupted", updated.GetProperty("status").GetString());
        Assert.Equal("my own notes", updated.GetProperty("values").GetProperty("notes").GetString());
        Assert.Equal("update", updated.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal("my own notes", updated.GetProperty("metadata").GetProperty("writes").GetProperty("research").GetProperty("notes").GetString());
        var interrupt = Assert.Single(updated.GetProperty("interrupts").EnumerateArray());
        Assert.Equal("write", interrupt.GetProperty("node").GetString());
        Assert.Equal("before", interrupt.GetProperty("when").GetString());
        Assert.Equal(["write"], updated.GetProperty("next").EnumerateArray().Select(n => n.GetString()));

        // research never ran: the next resume runs write on the updated notes.
        var written = await host.PostJsonExpect("/threads/pipe/resume", """{"resume":null}""", HttpStatusCode.OK);
        Assert.Equal("Draft about otters: my own notes", written.GetProperty("values").GetProperty("draft").GetString());
    }

    [Fact]
    public async Task UpdateState_AsTheInterruptedApprovalNode_ResolvesItsInterrupt()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        var updated = await host.PostJsonExpect("/threads/appr/state", """{"values":{"status":"approved by hand"},"asNode":"approval"}""", HttpStatusCode.OK);

        // The update is approval's output and closes its question. approval routes only by goto (no static
        // edge), so as in LangGraph it has no successor to pause before: the thread ends here.
        Assert.Equal(0, updated.GetProperty("interrupts").GetArrayLength());
        Assert.Equal("completed", updated.GetProperty("status").GetString());
        Assert.Equal("approved by hand", updated.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal("update", updated.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal("approved by hand", updated.GetProperty("metadata").GetProperty("writes").GetProperty("approval").GetProperty("status").GetString());
        using var inbox = await host.Get("/interrupts");
        Assert.Equal(0, (await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task UpdateState_UnknownNode_Returns400UnknownNode_AndChangesNothing()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/state", """{"values":{"status":"x"},"asNode":"no-such-node"}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "unknown-node");
        Assert.Equal(started.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"asNode":"approval"}""")]
    [InlineData("""{"values":null}""")]
    [InlineData("""{"values":[1]}""")]
    [InlineData("""{"values":"status"}""")]
    [InlineData("""{"values":{"status":"x"},"asNode":3}""")]
    [InlineData("""{"values":""")]
    [InlineData("")]
    [InlineData("""[{"values":{}}]""")]
    public async Task UpdateState_MalformedRequest_Returns400Malformed_AndChangesNothing(string body)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/state", body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(started.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task UpdateState_CompletedThread_Returns409AlreadyFinished()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        var done = await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);

        using var response = await host.PostJson("/threads/appr/state", """{"values":{"status":"pending"}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "already-finished");
        Assert.Equal(done.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task UpdateState_CancelledThread_Returns409AlreadyFinished()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        await host.PostJsonExpect("/threads/appr/cancel", "{}", HttpStatusCode.OK);

        using var response = await host.PostJson("/threads/appr/state", """{"values":{"status":"pending"},"asNode":"approval"}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "already-finished");
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("has%20space")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task UpdateState_UnknownOrInvalidThreadId_Returns404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson($"/threads/{threadId}/state", """{"values":{"status":"x"}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Hex32();
}
