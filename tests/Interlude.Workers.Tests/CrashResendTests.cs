using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Interlude.Workers.Tests;

/// <summary>
/// The real executable killed with SIGKILL while delivered outbox rows wait for deletion (a long
/// <c>Interlude:Outbox:CleanupDelay</c> makes that certain), then started again on the same SQLite file:
/// the sweeper sends those rows again, and neither the event streams nor the node workers act on them twice.
/// </summary>
[Trait("Category", "Process")]
public sealed class CrashResendTests : IDisposable
{
    private const string KeepDeliveredRows = "--Interlude:Outbox:CleanupDelay=01:00:00";
    private const string NoSweep = "--Interlude:Outbox:GracePeriod=01:00:00";
    private const string Dropped = "Dropped a repeated interrupt-raised";
    private const string NotRunAgain = "the message is a repeat, the node does not run";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    private readonly string database = Path.Combine(Path.GetTempPath(), $"interlude-resend-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Crash_AfterAnswers_StreamsDoNotAnnounceAResolvedInterruptAgain()
    {
        const int threads = 25;
        const int finished = 10;
        var since = DateTimeOffset.UtcNow;
        var threadIds = Enumerable.Range(0, threads).Select(_ => InterludeHarness.NewThreadId("resend")).ToList();
        var resolved = new HashSet<string>();
        var open = new Dictionary<string, string>();
        await using (var first = await ServeProcess.StartAsync(database, KeepDeliveredRows, NoSweep))
        {
            // multi-question asks a name, then an age: every thread has one interrupt answered and one
            // open, and the first ten have both answered (completed).
            foreach (var (threadId, index) in threadIds.Select((t, i) => (t, i)))
            {
                var name = InterruptId(await Post(first, "/threads", $$$"""{"graph":"multi-question","threadId":"{{{threadId}}}"}""", HttpStatusCode.Created));
                var age = InterruptId(await Post(first, $"/threads/{threadId}/resume", """{"resume":"Ada"}""", HttpStatusCode.OK));
                resolved.Add(name);
                if (index < finished)
                {
                    var done = await Post(first, $"/threads/{threadId}/resume", """{"resume":36}""", HttpStatusCode.OK);
                    Assert.Equal("completed", done.GetProperty("status").GetString());
                    resolved.Add(age);
                }
                else
                {
                    open[threadId] = age;
                }
            }

            await first.KillAsync();
        }

        // Every event of the run is still in the outbox: the restarted host certainly sends them again.
        var raisedRows = await OutboxMessageIds("InterruptRaised");
        Assert.Equal(threads * 2, raisedRows.Count);

        // The rows become due only once both streams are open, so they see the re-sends.
        var watched = threadIds[finished];
        await using var second = await ServeProcess.StartAsync(database, SweepAfter(since, TimeSpan.FromSeconds(20)), "--Logging:LogLevel:Interlude.AspNetCore.Events=Information");
        using var inbox = await SseStream.OpenAsync(second.Http, "/interrupts/events");
        using var thread = await SseStream.OpenAsync(second.Http, $"/threads/{watched}/events");
        Assert.Equal("snapshot", (await thread.NextAsync())!.Kind);
        Assert.Equal(threads * 2, (await OutboxMessageIds("InterruptRaised")).Count);

        // Each raise of a resolved interrupt reached the stream consumer again, with its first message id, and was dropped.
        var drops = await second.WaitForOutput(Dropped, resolved.Count, Wait);
        Assert.Equal(resolved.Count, drops.Count);
        Assert.All(drops, line => Assert.Contains(raisedRows, id => line.Contains(id.ToString(), StringComparison.Ordinal)));
        await WaitForEmptyOutbox();

        // A fresh answer after the re-sends marks the end of what the streams received of them.
        var last = await Post(second, $"/threads/{watched}/resume", """{"resume":36}""", HttpStatusCode.OK);
        Assert.Equal("completed", last.GetProperty("status").GetString());
        var inboxEvents = await ReadUntil(inbox, e => e.Kind == "interrupt-resolved" && e.Data.GetProperty("interruptId").GetString() == open[watched]);
        var threadEvents = await thread.ReadUntilAsync("completed");

        Assert.DoesNotContain(inboxEvents, e => e.Kind == "interrupt-raised" && resolved.Contains(e.Data.GetProperty("interrupt").GetProperty("id").GetString()!));
        AssertNoDuplicates(inboxEvents);
        Assert.DoesNotContain(threadEvents, e => e.Kind == "interrupt-raised");
        Assert.Single(threadEvents, e => e.Kind == "interrupt-resolved");
        Assert.Equal(open[watched], threadEvents.Single(e => e.Kind == "interrupt-resolved").Data.GetProperty("interruptId").GetString());
        AssertNoDuplicates(threadEvents);
    }

    [Fact]
    public async Task Crash_AfterNodeResultsAreStored_ResentExecuteNodeDoesNotRunTheNodeAgain()
    {
        const int threads = 10;
        const int answered = 5;
        var threadIds = Enumerable.Range(0, threads).Select(_ => InterludeHarness.NewThreadId("resend")).ToList();
        var receipts = new Dictionary<string, string>();
        await using (var first = await ServeProcess.StartAsync(database, KeepDeliveredRows, NoSweep))
        {
            // side-effect charges (a journaled Step) then asks: its task result, with the receipt, is stored.
            foreach (var (threadId, index) in threadIds.Select((t, i) => (t, i)))
            {
                var paused = await Post(first, "/threads", $$$"""{"graph":"side-effect","threadId":"{{{threadId}}}","input":{"work_ms":0}}""", HttpStatusCode.Created);
                receipts[threadId] = paused.GetProperty("interrupts")[0].GetProperty("value").GetProperty("receipt").GetString()!;
                if (index < answered)
                {
                    var done = await Post(first, $"/threads/{threadId}/resume", """{"resume":true}""", HttpStatusCode.OK);
                    Assert.Equal(receipts[threadId], done.GetProperty("values").GetProperty("receipt").GetString());
                }
            }

            await first.KillAsync();
        }

        // One task per thread, one more per answer: all their ExecuteNode rows are still in the outbox.
        var tasks = await OutboxMessageIds("ExecuteNode");
        Assert.Equal(threads + answered, tasks.Count);

        await using var second = await ServeProcess.StartAsync(database, KeepDeliveredRows, "--Interlude:Outbox:GracePeriod=00:00:00", "--Logging:LogLevel:Interlude.Sagas.Nodes=Debug");

        // Every re-sent task reached a worker, which found its result stored and did not run the node.
        var skipped = await second.WaitForOutput(NotRunAgain, tasks.Count, Wait);
        Assert.Equal(tasks.Count, skipped.Count);
        await WaitForEmptyOutbox();
        foreach (var threadId in threadIds.Skip(answered))
        {
            var done = await Post(second, $"/threads/{threadId}/resume", """{"resume":true}""", HttpStatusCode.OK);
            Assert.Equal("completed", done.GetProperty("status").GetString());
            Assert.Equal(receipts[threadId], done.GetProperty("values").GetProperty("receipt").GetString());
        }

        foreach (var threadId in threadIds)
        {
            using var response = await second.Http.GetAsync($"/threads/{threadId}/state");
            var state = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("completed", state.GetProperty("status").GetString());
            Assert.Equal("shipped", state.GetProperty("values").GetProperty("status").GetString());
            Assert.Equal(receipts[threadId], state.GetProperty("values").GetProperty("receipt").GetString());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>A grace period that makes the rows of a run begun at <paramref name="since"/> due <paramref name="margin"/> from now.</summary>
    private static string SweepAfter(DateTimeOffset since, TimeSpan margin) =>
        $"--Interlude:Outbox:GracePeriod={(DateTimeOffset.UtcNow - since + margin).ToString("c", CultureInfo.InvariantCulture)}";

    private static string InterruptId(JsonElement state) => state.GetProperty("interrupts")[0].GetProperty("id").GetString()!;

    private static void AssertNoDuplicates(List<SseEvent> events)
    {
        var repeated = events.GroupBy(e => (e.Kind, Data: e.Data.GetRawText())).Where(g => g.Count() > 1).Select(g => g.Key.Kind).ToList();
        Assert.Empty(repeated);
    }

    private static async Task<List<SseEvent>> ReadUntil(SseStream stream, Func<SseEvent, bool> last)
    {
        var events = new List<SseEvent>();
        while (await stream.NextAsync(Wait) is { } e)
        {
            events.Add(e);
            if (last(e))
            {
                return events;
            }
        }

        throw new InvalidOperationException($"The stream closed early: {string.Join(", ", events.Select(e => e.Kind))}");
    }

    private static async Task<JsonElement> Post(ServeProcess serve, string path, string json, HttpStatusCode expected)
    {
        using var response = await serve.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The message ids of the outbox rows of Interlude's message <paramref name="type"/>, read from the file.</summary>
    private async Task<List<Guid>> OutboxMessageIds(string type)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id FROM outbox_messages WHERE message_type LIKE $type";
        command.Parameters.AddWithValue("$type", $"urn:message:Interlude.Contracts:{type}%");
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Polls the file until the sweeper has sent and deleted every row (another process owns the file: there is nothing to await).</summary>
    private async Task WaitForEmptyOutbox()
    {
        var deadline = DateTime.UtcNow + Wait;
        while (await OutboxCount() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not empty within the wait.");
            await Task.Delay(200);
        }
    }

    private async Task<long> OutboxCount()
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM outbox_messages";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
