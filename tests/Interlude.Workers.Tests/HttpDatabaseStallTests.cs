using System.Net;
using System.Text;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>A database that does not answer (issue 10, "A stalled database is not a 500"): a real PostgreSQL table held locked.</summary>
[Trait("Category", "Integration")]
public sealed class HttpDatabaseStallTests
{
    [Fact]
    public async Task Resume_WhileTheThreadsTableIsLocked_Returns503WithRetryAfter_AndARetryWithTheSameKeyAppliesItOnce()
    {
        await using var db = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var host = await InterludeApiHost.StartAsync(
            "--Interlude:Database:Provider=PostgreSQL",
            $"--ConnectionStrings:Interlude={db.ConnectionString}",
            "--Interlude:Api:WaitSeconds=3");
        using var start = await host.PostJson("/threads", """{"graph":"validate-age","threadId":"age"}""");
        Assert.True(start.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"Start: {(int)start.StatusCode}.");
        var started = await Settled(host);

        await using (var holder = new NpgsqlConnection(db.ConnectionString))
        {
            await holder.OpenAsync();
            await using var lockTx = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE threads IN ACCESS EXCLUSIVE MODE", holder, lockTx))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            using var stalled = await host.Http.SendAsync(Resume("thirty", "stall-key"));

            var problem = await InterludeApiHost.AssertProblem(stalled, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.True(stalled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After.");
            Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await lockTx.RollbackAsync();
        }

        // The stalled resume applies once the lock is gone; a retry with its key answers its outcome.
        var first = await RetryUntilSettled(host);
        var second = await RetryUntilSettled(host);
        var reasked = Assert.Single(first.GetProperty("interrupts").EnumerateArray());
        Assert.Equal("'thirty' is not a valid age. What is your age?", reasked.GetProperty("value").GetString());
        Assert.NotEqual(started.GetProperty("interrupts")[0].GetProperty("id").GetString(), reasked.GetProperty("id").GetString());
        Assert.Equal(first.GetRawText(), second.GetRawText());
        var state = await host.GetState("age");
        Assert.Equal(first.GetProperty("checkpointId").GetString(), state.GetProperty("checkpointId").GetString());
        Assert.Equal(first.GetProperty("revision").GetInt64(), state.GetProperty("revision").GetInt64());
    }

    /// <summary>The thread once it is not running (the short wait may run out on a slow machine: 202, then read again).</summary>
    private static async Task<System.Text.Json.JsonElement> Settled(InterludeApiHost host)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var state = await host.GetState("age");
            if (state.GetProperty("status").GetString() != "running")
            {
                return state;
            }

            await Task.Delay(100, patience.Token);
        }
    }

    /// <summary>The retried resume's answer: 200, or 202 while the thread still runs, then the same retry again.</summary>
    private static async Task<System.Text.Json.JsonElement> RetryUntilSettled(InterludeApiHost host)
    {
        using var retry = await host.Http.SendAsync(Resume("thirty", "stall-key"));
        if (retry.StatusCode == HttpStatusCode.Accepted)
        {
            await Settled(host);
            return await RetryUntilSettled(host);
        }

        return await InterludeApiHost.AssertJson(retry, HttpStatusCode.OK);
    }

    private static HttpRequestMessage Resume(string answer, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/threads/age/resume", UriKind.Relative))
        {
            Content = new StringContent($"{{\"resume\":\"{answer}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
