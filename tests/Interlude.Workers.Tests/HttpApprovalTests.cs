using System.Net;

namespace Interlude.Workers.Tests;

public sealed class HttpApprovalTests
{
    [Fact]
    public async Task PostThreads_ThenResumeTrue_CompletesApproved()
    {
        await using var host = await InterludeApiHost.StartAsync();

        var started = await host.PostJson("/threads", """{"graph":"approval","threadId":"http-1","input":{"action_details":"x","status":"pending"}}""");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var snapshot = await InterludeApiHost.ReadJson(started);
        Assert.Equal("interrupted", snapshot.GetProperty("status").GetString());

        var resumed = await host.PostJson("/threads/http-1/resume", """{"resume":true}""");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("approved", (await InterludeApiHost.ReadJson(resumed)).GetProperty("values").GetProperty("status").GetString());
    }
}
