using System.Net;
using System.Text;

namespace Interlude.Workers.Tests;

/// <summary>
/// The approval sample driven as a README reader would with curl:
/// <c>curl -X POST localhost:5080/threads -H 'Content-Type: application/json' -d '{...}'</c>,
/// then <c>curl -X POST localhost:5080/threads/ID/resume -H 'Content-Type: application/json' -d '{"resume": ...}'</c>.
/// </summary>
public sealed class HttpReadmeApprovalTests
{
    private const string Start = """
        {
          "graph": "approval",
          "threadId": "readme-1",
          "input": { "action_details": "Transfer $500 to Bob", "status": "pending" }
        }
        """;

    [Fact]
    public async Task Curl_StartThenApprove_EndsApproved()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var started = await Curl(host, "/threads", Start);
        var paused = await InterludeApiHost.AssertJson(started, HttpStatusCode.Created);
        Assert.Equal("interrupted", paused.GetProperty("status").GetString());
        Assert.Equal("Transfer $500 to Bob", paused.GetProperty("interrupts")[0].GetProperty("value").GetProperty("details").GetString());

        using var resumed = await Curl(host, "/threads/readme-1/resume", """{"resume": true}""");
        var done = await InterludeApiHost.AssertJson(resumed, HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("approved", done.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal(0, done.GetProperty("interrupts").GetArrayLength());
        Assert.Equal("approved", (await host.GetState("readme-1")).GetProperty("values").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Curl_StartThenRejectWithAReason_EndsRejectedWithThatReason()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var started = await Curl(host, "/threads", Start);
        await InterludeApiHost.AssertJson(started, HttpStatusCode.Created);

        using var resumed = await Curl(host, "/threads/readme-1/resume", """{"resume": {"approved": false, "reason": "no"}}""");
        var done = await InterludeApiHost.AssertJson(resumed, HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("rejected", done.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal("no", done.GetProperty("values").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Curl_StartThenRejectWithFalse_EndsRejected()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var started = await Curl(host, "/threads", Start);
        await InterludeApiHost.AssertJson(started, HttpStatusCode.Created);

        using var resumed = await Curl(host, "/threads/readme-1/resume", """{"resume": false}""");
        var done = await InterludeApiHost.AssertJson(resumed, HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal("rejected", done.GetProperty("values").GetProperty("status").GetString());
    }

    /// <summary>What <c>curl -X POST -H 'Content-Type: application/json' -d BODY</c> sends.</summary>
    private static Task<HttpResponseMessage> Curl(InterludeApiHost host, string path, string body) =>
        host.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}
