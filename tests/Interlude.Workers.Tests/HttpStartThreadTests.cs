using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Interlude.Graph;

namespace Interlude.Workers.Tests;

/// <summary><c>POST /threads</c> (DESIGN.md, "Interfaces").</summary>
public sealed partial class HttpStartThreadTests
{
    [Fact]
    public async Task Start_ThatPauses_Returns201WithInterruptedSnapshotAndLocation()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", """{"graph":"approval","threadId":"start-1","input":{"action_details":"deploy v2","status":"pending"}}""");

        var snapshot = await InterludeApiHost.AssertJson(response, HttpStatusCode.Created);
        Assert.Equal("/threads/start-1/state", response.Headers.Location?.OriginalString);
        Assert.Equal("start-1", snapshot.GetProperty("threadId").GetString());
        Assert.Equal("approval", snapshot.GetProperty("graph").GetString());
        Assert.Equal("interrupted", snapshot.GetProperty("status").GetString());
        Assert.Equal("deploy v2", snapshot.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal("pending", snapshot.GetProperty("values").GetProperty("status").GetString());

        var interrupt = Assert.Single(snapshot.GetProperty("interrupts").EnumerateArray());
        Assert.Matches(InterruptId(), interrupt.GetProperty("id").GetString());
        Assert.Equal("Do you approve this action?", interrupt.GetProperty("value").GetProperty("question").GetString());
        Assert.Equal("deploy v2", interrupt.GetProperty("value").GetProperty("details").GetString());
        Assert.Equal("approval", interrupt.GetProperty("node").GetString());
        Assert.Equal(JsonValueKind.Array, interrupt.GetProperty("ns").ValueKind);
        Assert.Equal(0, interrupt.GetProperty("ns").GetArrayLength());
        Assert.Equal("during", interrupt.GetProperty("when").GetString());
        var raisedAt = interrupt.GetProperty("raisedAt").GetDateTimeOffset();
        Assert.InRange(raisedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(JsonValueKind.Null, interrupt.GetProperty("expiresAt").ValueKind);

        // The Location is the thread's state, and it shows the same pause.
        using var located = await host.Get(response.Headers.Location!.OriginalString);
        var state = await InterludeApiHost.AssertJson(located, HttpStatusCode.OK);
        Assert.Equal(interrupt.GetProperty("id").GetString(), state.GetProperty("interrupts")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Start_ThatCompletesWithoutPausing_Returns201Completed()
    {
        var instant = new StateGraph<InstantState>("http-instant")
            .AddNode("shout", (state, ctx) => ctx.Update().Set(s => s.Text, state.Text?.ToUpperInvariant()))
            .AddEdge(GraphNames.Start, "shout")
            .AddEdge("shout", GraphNames.End)
            .Compile();
        await using var host = await InterludeApiHost.StartWithGraphsAsync([instant]);

        using var response = await host.PostJson("/threads", """{"graph":"http-instant","threadId":"instant-1","input":{"text":"hello"}}""");

        var snapshot = await InterludeApiHost.AssertJson(response, HttpStatusCode.Created);
        Assert.Equal("/threads/instant-1/state", response.Headers.Location?.OriginalString);
        Assert.Equal("completed", snapshot.GetProperty("status").GetString());
        Assert.Equal(0, snapshot.GetProperty("interrupts").GetArrayLength());
        Assert.Equal(0, snapshot.GetProperty("next").GetArrayLength());
        Assert.Equal("HELLO", snapshot.GetProperty("values").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Start_WithoutThreadId_GeneratesAValidId()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", """{"graph":"approval","input":{"action_details":"x","status":"pending"}}""");

        var snapshot = await InterludeApiHost.AssertJson(response, HttpStatusCode.Created);
        var threadId = snapshot.GetProperty("threadId").GetString();
        Assert.Matches(ThreadId(), threadId);
        Assert.Equal($"/threads/{threadId}/state", response.Headers.Location?.OriginalString);
        Assert.Equal("interrupted", (await host.GetState(threadId!)).GetProperty("status").GetString());

        // A second start without an id is a second thread.
        var other = await host.PostJsonExpect("/threads", """{"graph":"approval","input":{"action_details":"y","status":"pending"}}""", HttpStatusCode.Created);
        Assert.NotEqual(threadId, other.GetProperty("threadId").GetString());
    }

    [Fact]
    public async Task Start_WithoutInput_StartsWithEmptyValues()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        var snapshot = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"no-input"}""", HttpStatusCode.Created);

        Assert.Equal("interrupted", snapshot.GetProperty("status").GetString());
        Assert.Equal(2, snapshot.GetProperty("interrupts").GetArrayLength());
    }

    [Fact]
    public async Task Start_ExistingThreadId_Returns409ThreadExists_AndLeavesTheThreadAlone()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var first = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"twice","input":{"action_details":"first","status":"pending"}}""", HttpStatusCode.Created);

        using var second = await host.PostJson("/threads", """{"graph":"review-edit","threadId":"twice","input":{"generated_text":"other"}}""");

        await InterludeApiHost.AssertProblem(second, HttpStatusCode.Conflict, "thread-exists");
        var state = await host.GetState("twice");
        Assert.Equal("approval", state.GetProperty("graph").GetString());
        Assert.Equal("first", state.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal(first.GetProperty("checkpointId").GetString(), state.GetProperty("checkpointId").GetString());
        Assert.Equal(first.GetProperty("interrupts")[0].GetProperty("id").GetString(), state.GetProperty("interrupts")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Start_UnknownGraph_Returns404GraphNotFound()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", """{"graph":"no-such-graph","threadId":"orphan","input":{}}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "graph-not-found");
        using var state = await host.Get("/threads/orphan/state");
        await InterludeApiHost.AssertProblem(state, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("bad JSON", """{"graph":""")]
    [InlineData("empty body", "")]
    [InlineData("an array", """[{"graph":"approval"}]""")]
    [InlineData("a string", "\"approval\"")]
    [InlineData("null", "null")]
    [InlineData("graph missing", """{"input":{}}""")]
    [InlineData("graph null", """{"graph":null}""")]
    [InlineData("graph not a string", """{"graph":5}""")]
    [InlineData("threadId with a space", """{"graph":"approval","threadId":"has space"}""")]
    [InlineData("threadId empty", """{"graph":"approval","threadId":""}""")]
    [InlineData("threadId with a slash", """{"graph":"approval","threadId":"a/b"}""")]
    [InlineData("threadId not a string", """{"graph":"approval","threadId":7}""")]
    [InlineData("input an array", """{"graph":"approval","input":[1]}""")]
    [InlineData("input a string", """{"graph":"approval","input":"x"}""")]
    [InlineData("input a number", """{"graph":"approval","input":1}""")]
    public async Task Start_MalformedRequest_Returns400Malformed(string because, string body)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson("/threads", body);

        var problem = await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        Assert.False(string.IsNullOrEmpty(because));
        Assert.NotNull(problem.GetProperty("detail").GetString());
        using var inbox = await host.Get("/interrupts");
        Assert.Equal(0, (await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Start_ThreadIdOf65Characters_Returns400Malformed_And64AreAccepted()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var tooLong = new string('a', 65);
        var longest = "A-z0.9_:" + new string('x', 56);

        using var refused = await host.PostJson("/threads", $$$"""{"graph":"approval","threadId":"{{{tooLong}}}","input":{"status":"pending"}}""");
        var accepted = await host.PostJsonExpect("/threads", $$$"""{"graph":"approval","threadId":"{{{longest}}}","input":{"status":"pending"}}""", HttpStatusCode.Created);

        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(64, longest.Length);
        Assert.Equal(longest, accepted.GetProperty("threadId").GetString());
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex InterruptId();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex ThreadId();

    public sealed record InstantState
    {
        public string? Text { get; init; }
    }
}
