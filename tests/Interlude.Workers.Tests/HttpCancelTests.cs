using System.Net;

namespace Interlude.Workers.Tests;

/// <summary><c>POST /threads/{id}/cancel</c> (DESIGN.md, "Interfaces").</summary>
public sealed class HttpCancelTests
{
    private const string StartApproval = """{"graph":"approval","threadId":"appr","input":{"action_details":"deploy","status":"pending"}}""";

    [Fact]
    public async Task Cancel_WithAnEmptyBody_Returns200Cancelled_AndTheInterruptLeavesTheInbox()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        using var response = await host.Http.PostAsync(new Uri("/threads/appr/cancel", UriKind.Relative), content: null);

        var cancelled = await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
        Assert.Equal("appr", cancelled.GetProperty("threadId").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, cancelled.GetProperty("interrupts").GetArrayLength());
        Assert.Equal("deploy", cancelled.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal("cancelled", (await host.GetState("appr")).GetProperty("status").GetString());
        using var inbox = await host.Get("/interrupts");
        Assert.Equal(0, (await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Cancel_WithAnEmptyJsonContentBody_IsAccepted()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        var cancelled = await host.PostJsonExpect("/threads/appr/cancel", "", HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_WithAReason_RecordsIt()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        var cancelled = await host.PostJsonExpect("/threads/appr/cancel", """{"reason":"nobody needs it"}""", HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("nobody needs it", cancelled.GetProperty("cancelReason").GetString());
    }

    [Fact]
    public async Task Cancel_Twice_Returns409AlreadyFinished_AndResumeIsRefused()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        var cancelled = await host.PostJsonExpect("/threads/appr/cancel", "{}", HttpStatusCode.OK);

        using var again = await host.PostJson("/threads/appr/cancel", "{}");
        using var resume = await host.PostJson("/threads/appr/resume", """{"resume":true}""");

        await InterludeApiHost.AssertProblem(again, HttpStatusCode.Conflict, "already-finished");
        await InterludeApiHost.AssertProblem(resume, HttpStatusCode.Conflict, "not-interrupted");
        Assert.Equal(cancelled.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Fact]
    public async Task Cancel_CompletedThread_Returns409AlreadyFinished()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);
        var done = await host.PostJsonExpect("/threads/appr/resume", """{"resume":true}""", HttpStatusCode.OK);

        using var response = await host.PostJson("/threads/appr/cancel", "{}");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "already-finished");
        Assert.Equal(done.GetRawText(), (await host.GetState("appr")).GetRawText());
    }

    [Theory]
    [InlineData("no-such-thread")]
    [InlineData("has%20space")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Cancel_UnknownOrInvalidThreadId_Returns404ThreadNotFound(string threadId)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.PostJson($"/threads/{threadId}/cancel", "{}");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("""{"reason":5}""")]
    [InlineData("""{"reason":""")]
    [InlineData("""["why"]""")]
    public async Task Cancel_MalformedBody_Returns400Malformed_AndTheThreadStaysPaused(string body)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", StartApproval, HttpStatusCode.Created);

        using var response = await host.PostJson("/threads/appr/cancel", body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        Assert.Equal(started.GetRawText(), (await host.GetState("appr")).GetRawText());
    }
}
