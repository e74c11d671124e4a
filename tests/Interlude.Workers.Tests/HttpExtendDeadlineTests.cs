using System.Net;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>POST /threads/{id}/interrupts/{interruptId}/extend: moving an approval's deadline, and every refusal.</summary>
public sealed class HttpExtendDeadlineTests
{
    private const string StartTimed = """{"graph":"timed-approval","threadId":"timed","input":{"action_details":"deploy","status":"pending","timeout_seconds":3600}}""";

    private static async Task<(InterludeApiHost Host, string InterruptId, DateTimeOffset ExpiresAt)> Paused()
    {
        var host = await InterludeApiHost.StartFreshAsync();
        var paused = await host.PostJsonExpect("/threads", StartTimed, HttpStatusCode.Created);
        var interrupt = paused.GetProperty("interrupts")[0];
        return (host, interrupt.GetProperty("id").GetString()!, interrupt.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Extend_BySeconds_Returns200WithTheLaterDeadline_AndTheInboxShowsIt()
    {
        var (host, id, expiresAt) = await Paused();
        await using var _ = host;

        var extended = await host.PostJsonExpect($"/threads/timed/interrupts/{id}/extend", """{"extendBySeconds":1800}""", HttpStatusCode.OK);

        Assert.Equal("interrupted", extended.GetProperty("status").GetString());
        Assert.Equal(expiresAt.AddSeconds(1800), extended.GetProperty("interrupts")[0].GetProperty("expiresAt").GetDateTimeOffset());
        using var inbox = await host.Get("/interrupts?graph=timed-approval");
        var pending = await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK);
        var listed = pending[0].GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True((expiresAt.AddSeconds(1800) - listed).Duration() < TimeSpan.FromMilliseconds(1), $"Listed {listed:O}.");
    }

    [Fact]
    public async Task Extend_ToATime_Returns200WithThatDeadline()
    {
        var (host, id, _) = await Paused();
        await using var __ = host;
        var at = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(30).Date, TimeSpan.Zero);

        var extended = await host.PostJsonExpect($"/threads/timed/interrupts/{id}/extend", JsonSerializer.Serialize(new { expiresAt = at }), HttpStatusCode.OK);

        Assert.Equal(at, extended.GetProperty("interrupts")[0].GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"extendBySeconds":60,"expiresAt":"2099-01-01T00:00:00Z"}""")]
    [InlineData("""{"extendBySeconds":-5}""")]
    [InlineData("""{"extendBySeconds":"soon"}""")]
    [InlineData("""{"expiresAt":"tomorrow"}""")]
    [InlineData("""{"expiresAt":"2001-01-01T00:00:00Z"}""")]
    [InlineData("""[1]""")]
    public async Task Extend_BadBody_Returns400Malformed(string body)
    {
        var (host, id, _) = await Paused();
        await using var _ = host;

        using var response = await host.PostJson($"/threads/timed/interrupts/{id}/extend", body);

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task Extend_Refusals_UnknownInterruptAlreadyResolvedNotInterruptedNotFound()
    {
        var (host, id, _) = await Paused();
        await using var _ = host;
        var other = new string('0', 32);

        using var unknown = await host.PostJson($"/threads/timed/interrupts/{other}/extend", """{"extendBySeconds":60}""");
        await InterludeApiHost.AssertProblem(unknown, HttpStatusCode.Conflict, "unknown-interrupt");
        await host.PostJsonExpect("/threads/timed/resume", """{"resume":true}""", HttpStatusCode.OK);
        using var resolved = await host.PostJson($"/threads/timed/interrupts/{id}/extend", """{"extendBySeconds":60}""");
        await InterludeApiHost.AssertProblem(resolved, HttpStatusCode.Conflict, "already-resolved");
        using var finished = await host.PostJson($"/threads/timed/interrupts/{other}/extend", """{"extendBySeconds":60}""");
        await InterludeApiHost.AssertProblem(finished, HttpStatusCode.Conflict, "not-interrupted");
        using var missing = await host.PostJson($"/threads/nobody/interrupts/{id}/extend", """{"extendBySeconds":60}""");
        await InterludeApiHost.AssertProblem(missing, HttpStatusCode.NotFound, "thread-not-found");
    }

    [Theory]
    [InlineData("""{"extendBySeconds":31622400}""")]
    [InlineData("""{"extendBySeconds":1e300}""")]
    [InlineData("""{"expiresAt":"9999-12-31T23:59:59Z"}""")]
    public async Task Extend_PastTheLimitOf366Days_Returns400_AndTheDeadlineStays(string body)
    {
        var (host, id, _) = await Paused();
        await using var _ = host;
        var before = (await host.GetState("timed")).GetRawText();

        using var response = await host.PostJson($"/threads/timed/interrupts/{id}/extend", body);

        var problem = await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
        Assert.Contains("366", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await host.GetState("timed")).GetRawText());
    }

    [Fact]
    public async Task Extend_AnInterruptWithoutADeadline_Returns409NoDeadline_AndNothingChanges()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var paused = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"open","input":{"action_details":"deploy","status":"pending"}}""", HttpStatusCode.Created);
        var id = paused.GetProperty("interrupts")[0].GetProperty("id").GetString();

        using var response = await host.PostJson($"/threads/open/interrupts/{id}/extend", """{"extendBySeconds":60}""");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.Conflict, "no-deadline");
        Assert.Equal(paused.GetRawText(), (await host.GetState("open")).GetRawText());
    }
}
