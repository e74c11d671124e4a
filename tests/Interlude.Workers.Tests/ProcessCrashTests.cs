using System.Net;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>The real executable killed with SIGKILL and started again on the same SQLite file.</summary>
[Trait("Category", "Process")]
public sealed class ProcessCrashTests : IDisposable
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"interlude-crash-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Crash_WhilePausedOnAnInterrupt_ResumeAfterRestartCompletes()
    {
        var threadId = InterludeHarness.NewThreadId("crash");
        await using (var first = await ServeProcess.StartAsync(database))
        {
            var started = await Post(first, "/threads", $$$"""{"graph":"approval","threadId":"{{{threadId}}}","input":{"action_details":"refund","status":"pending"}}""");
            Assert.Equal(HttpStatusCode.Created, started.Status);
            Assert.Equal("interrupted", started.Body.GetProperty("status").GetString());
            await first.KillAsync();
        }

        await using var second = await ServeProcess.StartAsync(database);
        var resumed = await Post(second, $"/threads/{threadId}/resume", """{"resume":true}""");

        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal("completed", resumed.Body.GetProperty("status").GetString());
        Assert.Equal("approved", resumed.Body.GetProperty("values").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Crash_WhileANodeRuns_NodeRunsAgainAfterRestartAndTheThreadCompletes()
    {
        var threadId = InterludeHarness.NewThreadId("crash");
        await using (var first = await ServeProcess.StartAsync(database, "--Interlude:Api:WaitSeconds=2"))
        {
            // The call returns before the node's 8 s of work ends: 202 when the saga answered "running"
            // within the wait, 503 when a loaded machine kept a fresh process from answering at all.
            var started = await Post(first, "/threads", $$$"""{"graph":"side-effect","threadId":"{{{threadId}}}","input":{"work_ms":8000}}""");
            Assert.Contains(started.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable });
            await first.WaitForStatus(threadId, "running", TimeSpan.FromSeconds(30));
            await first.KillAsync();
        }

        // The node was killed mid-step (the thread was running, its task dispatched, its work not
        // done): the restarted host dispatches the task again and the node runs to its interrupt.
        await using var second = await ServeProcess.StartAsync(database);
        var paused = await second.WaitForStatus(threadId, "interrupted", TimeSpan.FromSeconds(60));
        var receipt = paused.GetProperty("interrupts")[0].GetProperty("value").GetProperty("receipt").GetString();
        var resumed = await Post(second, $"/threads/{threadId}/resume", """{"resume":true}""");

        Assert.Equal("completed", resumed.Body.GetProperty("status").GetString());
        Assert.Equal(receipt, resumed.Body.GetProperty("values").GetProperty("receipt").GetString());
    }

    [Fact]
    public async Task Crash_AfterAStepReachedTheSaga_StepIsNotRunAgainOnResume()
    {
        var threadId = InterludeHarness.NewThreadId("crash");
        string? receipt;
        await using (var first = await ServeProcess.StartAsync(database))
        {
            var started = await Post(first, "/threads", $$$"""{"graph":"side-effect","threadId":"{{{threadId}}}","input":{"work_ms":0}}""");
            Assert.Equal("interrupted", started.Body.GetProperty("status").GetString());
            receipt = started.Body.GetProperty("interrupts")[0].GetProperty("value").GetProperty("receipt").GetString();
            await first.KillAsync();
        }

        await using var second = await ServeProcess.StartAsync(database);
        var resumed = await Post(second, $"/threads/{threadId}/resume", """{"resume":true}""");

        Assert.Equal("completed", resumed.Body.GetProperty("status").GetString());
        Assert.Equal("shipped", resumed.Body.GetProperty("values").GetProperty("status").GetString());
        Assert.Equal(receipt, resumed.Body.GetProperty("values").GetProperty("receipt").GetString());
    }

    public void Dispose()
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(ServeProcess serve, string path, string json)
    {
        using var response = await serve.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}
