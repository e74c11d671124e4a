using System.Net;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary><c>GET /threads/{id}/history</c> and <c>POST /threads/{id}/replay</c> (DESIGN.md, "Interfaces" and "State snapshot").</summary>
public sealed class HttpHistoryReplayTests
{
    [Fact]
    public async Task History_ListsSnapshotsNewestFirst()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"pipe","input":{"topic":"otters"}}""", HttpStatusCode.Created);
        var researched = await host.PostJsonExpect("/threads/pipe/resume", """{"resume":null}""", HttpStatusCode.OK);

        using var response = await host.Get("/threads/pipe/history");

        var history = await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, history.ValueKind);
        var ids = history.EnumerateArray().Select(s => s.GetProperty("checkpointId").GetString()).ToList();
        Assert.Equal(researched.GetProperty("checkpointId").GetString(), ids[0]);
        Assert.Equal(started.GetProperty("checkpointId").GetString(), ids[^1]);
        Assert.All(history.EnumerateArray(), s => Assert.Equal("pipe", s.GetProperty("threadId").GetString()));
        var steps = history.EnumerateArray().Select(s => s.GetProperty("step").GetInt32()).ToList();
        Assert.Equal(steps.OrderDescending(), steps);
    }

    [Fact]
    public async Task Replay_FromAPausedCheckpoint_ForksAndPausesAgain()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"appr","input":{"action_details":"deploy","status":"pending"}}""", HttpStatusCode.Created);
        await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);
        var checkpointId = started.GetProperty("checkpointId").GetString();

        var replayed = await host.PostJsonExpect("/threads/appr/replay", $$"""{"checkpointId":"{{checkpointId}}"}""", HttpStatusCode.OK);

        Assert.Equal("interrupted", replayed.GetProperty("status").GetString());
        Assert.Equal("fork", replayed.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal(checkpointId, replayed.GetProperty("parentCheckpointId").GetString());
        Assert.Equal("pending", replayed.GetProperty("values").GetProperty("status").GetString());
        var interrupt = Assert.Single(replayed.GetProperty("interrupts").EnumerateArray());
        Assert.Equal("approval", interrupt.GetProperty("node").GetString());
        Assert.NotEqual(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), interrupt.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("has%20space")]
    public async Task HistoryAndReplay_UnknownOrInvalidThreadId_Return404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var history = await host.Get($"/threads/{threadId}/history");
        using var replay = await host.PostJson($"/threads/{threadId}/replay", """{"checkpointId":"0123456789abcdef0123456789abcdef"}""");

        await InterludeApiHost.AssertProblem(history, HttpStatusCode.NotFound, "thread-not-found");
        await InterludeApiHost.AssertProblem(replay, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not a checkpoint id")]
    public async Task Replay_UnknownCheckpoint_Returns404CheckpointNotFound(string checkpointId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"appr","input":{"status":"pending"}}""", HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/replay", $$"""{"checkpointId":"{{checkpointId}}"}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "checkpoint-not-found");
        Assert.Equal(started.GetProperty("checkpointId").GetString(), (await host.GetState("appr")).GetProperty("checkpointId").GetString());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"checkpointId":5}""")]
    [InlineData("""{"checkpointId":""")]
    [InlineData("""["x"]""")]
    public async Task Replay_MalformedRequest_Returns400Malformed(string body)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"appr","input":{"status":"pending"}}""", HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/replay", body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
    }
}
