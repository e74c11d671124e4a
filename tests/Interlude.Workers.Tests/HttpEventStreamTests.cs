using System.Net;
using Interlude.Graph;

namespace Interlude.Workers.Tests;

/// <summary><c>GET /threads/{id}/events</c> and <c>GET /interrupts/events</c> (DESIGN.md, "Interfaces").</summary>
public sealed class HttpEventStreamTests
{
    private const string Approval = """{"graph":"approval","threadId":"{0}","input":{"action_details":"refund","status":"pending"}}""";

    [Fact]
    public async Task ThreadEvents_PausedThread_OpensWithTheSnapshotThenStreamsToCompletionAndCloses()
    {
        // Who answered is the authenticated caller: ann, by her API key.
        await using var host = (await InterludeApiHost.StartFreshAsync(InterludeApiHost.ApiKey("ann", "reader,starter,approver"))).Authenticate("ann-key");
        var started = await host.PostJsonExpect("/threads", Approval.Replace("{0}", "t1", StringComparison.Ordinal), HttpStatusCode.Created);
        var interruptId = started.GetProperty("interrupts")[0].GetProperty("id").GetString();
        using var stream = await SseStream.OpenAsync(host.Http, "/threads/t1/events");

        var snapshot = await stream.NextAsync();
        await host.PostJsonExpect("/threads/t1/resume", """{"resume":true}""", HttpStatusCode.OK);
        var events = await stream.ReadUntilAsync("completed");

        Assert.NotNull(snapshot);
        Assert.Equal(("snapshot", 1L), (snapshot.Kind, snapshot.Id));
        Assert.Equal("interrupted", snapshot.Data.GetProperty("status").GetString());
        Assert.Equal(started.GetProperty("checkpointId").GetString(), snapshot.Data.GetProperty("checkpointId").GetString());
        Assert.Equal(["interrupt-resolved", "step", "step", "completed"], events.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(2, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        var resolved = events[0].Data;
        Assert.Equal("t1", resolved.GetProperty("threadId").GetString());
        Assert.Equal(interruptId, resolved.GetProperty("interruptId").GetString());
        Assert.Equal("answered", resolved.GetProperty("outcome").GetString());
        Assert.True(resolved.GetProperty("answer").GetBoolean());
        Assert.Equal("ann", resolved.GetProperty("by").GetString());
        Assert.Equal([0, 1], events[1..3].Select(e => e.Data.GetProperty("step").GetInt32()));
        Assert.Equal("approved", events[2].Data.GetProperty("writes").GetProperty("proceed").GetProperty("status").GetString());
        Assert.Equal("approved", events[3].Data.GetProperty("values").GetProperty("status").GetString());
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task ThreadEvents_FinishedThread_SnapshotThenCloses()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", Approval.Replace("{0}", "done", StringComparison.Ordinal), HttpStatusCode.Created);
        await host.PostJsonExpect("/threads/done/resume", """{"resume":false}""", HttpStatusCode.OK);

        using var stream = await SseStream.OpenAsync(host.Http, "/threads/done/events");

        var snapshot = await stream.NextAsync();
        Assert.Equal("snapshot", snapshot?.Kind);
        Assert.Equal("completed", snapshot!.Data.GetProperty("status").GetString());
        Assert.Equal("rejected", snapshot.Data.GetProperty("values").GetProperty("status").GetString());
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task ThreadEvents_RefusedAnswerInALoop_StreamsResolvedAndTheNextInterrupt()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", """{"graph":"validate-age","threadId":"age"}""", HttpStatusCode.Created);
        using var stream = await SseStream.OpenAsync(host.Http, "/threads/age/events");
        Assert.Equal("snapshot", (await stream.NextAsync())?.Kind);

        await host.PostJsonExpect("/threads/age/resume", """{"resume":"thirty"}""", HttpStatusCode.OK);
        var events = await stream.ReadUntilAsync("interrupt-raised");

        Assert.Equal(["interrupt-resolved", "interrupt-raised"], events.Select(e => e.Kind));
        var raised = events[1].Data;
        Assert.Equal("validate-age", raised.GetProperty("graph").GetString());
        Assert.Contains("'thirty' is not a valid age", raised.GetProperty("interrupt").GetProperty("value").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadEvents_Cancelled_EndsWithCancelled()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", Approval.Replace("{0}", "c1", StringComparison.Ordinal), HttpStatusCode.Created);
        using var stream = await SseStream.OpenAsync(host.Http, "/threads/c1/events");
        Assert.Equal("snapshot", (await stream.NextAsync())?.Kind);

        await host.PostJsonExpect("/threads/c1/cancel", """{"reason":"not needed"}""", HttpStatusCode.OK);
        var events = await stream.ReadUntilAsync("cancelled");

        Assert.Equal("interrupt-resolved", events[0].Kind);
        Assert.Equal("not needed", events[^1].Data.GetProperty("reason").GetString());
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task ThreadEvents_NodeFails_EndsWithFailed()
    {
        var failing = new StateGraph<Empty>("failing")
            .AddNode("ask", (_, ctx) => ctx.Interrupt<bool>("go?") ? throw new InvalidOperationException("kaput") : ctx.Update())
            .AddEdge(GraphNames.Start, "ask")
            .Compile();
        await using var host = await InterludeApiHost.StartWithGraphsAsync([failing]);
        await host.PostJsonExpect("/threads", """{"graph":"failing","threadId":"f1"}""", HttpStatusCode.Created);
        using var stream = await SseStream.OpenAsync(host.Http, "/threads/f1/events");
        Assert.Equal("snapshot", (await stream.NextAsync())?.Kind);

        await host.PostJson("/threads/f1/resume", """{"resume":true}""");
        var failed = (await stream.ReadUntilAsync("failed"))[^1];

        Assert.Equal("ask", failed.Data.GetProperty("node").GetString());
        Assert.Contains("kaput", failed.Data.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await stream.NextAsync());
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("bad%20id")]
    public async Task ThreadEvents_UnknownThread_Returns404(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get($"/threads/{threadId}/events");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Fact]
    public async Task InboxEvents_StreamsRaisedAndResolvedForEveryThread()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        using var stream = await SseStream.OpenAsync(host.Http, "/interrupts/events");

        var first = await host.PostJsonExpect("/threads", Approval.Replace("{0}", "a1", StringComparison.Ordinal), HttpStatusCode.Created);
        await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"p1","input":{"topic":"t"}}""", HttpStatusCode.Created);
        var raised = new[] { await stream.NextAsync(), await stream.NextAsync() };
        await host.PostJsonExpect("/threads/a1/resume", """{"resume":true}""", HttpStatusCode.OK);
        var resolved = await stream.NextAsync();

        Assert.All(raised, e => Assert.Equal("interrupt-raised", e?.Kind));
        Assert.Equal(["a1", "p1"], raised.Select(e => e!.Data.GetProperty("threadId").GetString()));
        Assert.Equal("approval", raised[0]!.Data.GetProperty("graph").GetString());
        Assert.Equal(first.GetProperty("interrupts")[0].GetProperty("id").GetString(), raised[0]!.Data.GetProperty("interrupt").GetProperty("id").GetString());
        Assert.Equal("before", raised[1]!.Data.GetProperty("interrupt").GetProperty("when").GetString());
        Assert.Equal("interrupt-resolved", resolved?.Kind);
        Assert.Equal(first.GetProperty("interrupts")[0].GetProperty("id").GetString(), resolved!.Data.GetProperty("interruptId").GetString());
        Assert.Equal([1L, 2L, 3L], new[] { raised[0]!.Id, raised[1]!.Id, resolved.Id });
    }

    [Fact]
    public async Task Reminder_ReachesTheThreadStreamAndTheInboxStream_BeforeTheAnswer()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        using var inbox = await SseStream.OpenAsync(host.Http, "/interrupts/events");

        // An hour to answer, reminded 3599 s before: the reminder is due a second after the interrupt is raised.
        var started = await host.PostJsonExpect(
            "/threads",
            """{"graph":"timed-approval","threadId":"r1","input":{"action_details":"deploy","status":"pending","timeout_seconds":3600,"remind_before_seconds":3599}}""",
            HttpStatusCode.Created);
        var interrupt = started.GetProperty("interrupts")[0];
        using var thread = await SseStream.OpenAsync(host.Http, "/threads/r1/events");
        Assert.Equal("snapshot", (await thread.NextAsync())?.Kind);
        var reminder = await thread.NextAsync(TimeSpan.FromSeconds(15));
        await host.PostJsonExpect("/threads/r1/resume", """{"resume":true}""", HttpStatusCode.OK);
        var rest = await thread.ReadUntilAsync("completed");
        var inboxEvents = new[] { await inbox.NextAsync(), await inbox.NextAsync(), await inbox.NextAsync() };

        Assert.Equal("reminder", reminder?.Kind);
        Assert.Equal("r1", reminder!.Data.GetProperty("threadId").GetString());
        Assert.Equal(interrupt.GetProperty("id").GetString(), reminder.Data.GetProperty("interruptId").GetString());
        Assert.Equal(interrupt.GetProperty("expiresAt").GetDateTimeOffset(), reminder.Data.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("interrupt-resolved", rest[0].Kind);
        Assert.DoesNotContain(rest, e => e.Kind == "reminder");
        Assert.Equal(["interrupt-raised", "reminder", "interrupt-resolved"], inboxEvents.Select(e => e?.Kind));
        Assert.Equal(interrupt.GetProperty("id").GetString(), inboxEvents[1]!.Data.GetProperty("interruptId").GetString());
    }

    private sealed record Empty;
}
