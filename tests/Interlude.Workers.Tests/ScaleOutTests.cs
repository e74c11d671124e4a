using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>
/// Scale-out (issue 5, item 1): two worker processes and one API process of the real executable on one
/// RabbitMQ virtual host and one PostgreSQL database. The workers compete for the same queues.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Process")]
public sealed class ScaleOutTests
{
    private const int Threads = 300;

    [Fact]
    public async Task TwoWorkersAndAnApi_Run300ApprovalThreads_EachCompletesApprovedWithEveryNodeOnce()
    {
        var prefix = RabbitTestBroker.NewPrefix();
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);

        // Both workers at once, as docker-compose starts them: they migrate the same database concurrently.
        var starting = new[]
        {
            WorkerProcess.StartAsync(RabbitTestBroker.Settings(prefix, database, "Worker")),
            WorkerProcess.StartAsync(RabbitTestBroker.Settings(prefix, database, "Worker")),
        };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // One failed: end the other, which would otherwise outlive the test.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var first = await starting[0];
        await using var second = await starting[1];
        await using var api = await ServeProcess.StartWithAsync([.. RabbitTestBroker.Settings(prefix, database, "Api"), "--Interlude:Api:WaitSeconds=30"]);
        var ids = Enumerable.Range(0, Threads).Select(i => $"scale-{prefix}{i:D3}").ToList();
        var clock = Stopwatch.StartNew();

        await ForEach(ids, async id =>
        {
            var (status, body) = await Post(api, "/threads", $$$"""{"graph":"approval","threadId":"{{{id}}}","input":{"action_details":"order {{{id}}}","status":"pending"}}""");
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Accepted, $"start {id}: {(int)status} {body}");
            if (body.GetProperty("status").GetString() != "interrupted")
            {
                await api.WaitForStatus(id, "interrupted", TimeSpan.FromSeconds(60));
            }
        });
        await ForEach(ids, async id =>
        {
            var (status, body) = await Post(api, $"/threads/{id}/resume", """{"resume":true}""");
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"resume {id}: {(int)status} {body}");
            if (body.GetProperty("status").GetString() != "completed")
            {
                await api.WaitForStatus(id, "completed", TimeSpan.FromSeconds(60));
            }
        });

        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), $"300 threads took {clock.Elapsed}.");
        await using var db = new NpgsqlConnection(database.ConnectionString);
        await db.OpenAsync();

        // Every thread exists and completed approved; none is missing, none extra.
        var threads = await Rows(db, "SELECT thread_id, current_state FROM threads");
        Assert.Equal(ids.Order(), threads.Select(t => t[0]).Order());
        Assert.All(threads, t => Assert.Equal("Completed", t[1]));

        // One checkpoint per step (input, approval, proceed): a node whose result was applied twice would add one.
        var steps = await Rows(db, "SELECT thread_id, string_agg(step::text, ',' ORDER BY step) FROM checkpoints GROUP BY thread_id");
        Assert.Equal(Threads, steps.Count);
        Assert.All(steps, s => Assert.Equal("-1,0,1", s[1]));

        // One interrupt per thread, answered once.
        var interrupts = await Rows(db, "SELECT thread_id, string_agg(status, ',') FROM interrupts GROUP BY thread_id");
        Assert.Equal(Threads, interrupts.Count);
        Assert.All(interrupts, i => Assert.Equal("answered", i[1]));

        // And as a client sees it: each thread's final values and its history of three snapshots.
        await ForEach(ids, async id =>
        {
            using var state = await api.Http.GetAsync($"/threads/{id}/state");
            var values = JsonDocument.Parse(await state.Content.ReadAsStringAsync()).RootElement.GetProperty("values");
            Assert.Equal("approved", values.GetProperty("status").GetString());
            using var history = await api.Http.GetAsync($"/threads/{id}/history");
            var checkpoints = JsonDocument.Parse(await history.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(["loop", "loop", "input"], checkpoints.EnumerateArray().Select(c => c.GetProperty("metadata").GetProperty("source").GetString()));
            Assert.Equal("approved", checkpoints[0].GetProperty("metadata").GetProperty("writes").GetProperty("proceed").GetProperty("status").GetString());
        });
    }

    private static Task ForEach(IEnumerable<string> ids, Func<string, Task> body) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) => await body(id));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(ServeProcess api, string path, string json)
    {
        using var response = await api.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<List<string[]>> Rows(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([reader.GetString(0), reader.GetString(1)]);
        }

        return rows;
    }
}
