using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Faults;

/// <summary>
/// Threads of the samples <c>approval</c> (approved or rejected), <c>side-effect</c> (a journaled charge,
/// then shipped) and <c>timed-approval</c> (never answered: its deadline rejects it), driven over the HTTP
/// API with retries a careful client makes (the same thread id, the same <c>Idempotency-Key</c>); every
/// fourth approval is answered on the bus instead (<see cref="Bus"/>, publisher confirms).
/// </summary>
/// With <paramref name="answersAfter"/>, the answers wait for it once every answered thread paused (an
/// outage round opens it while the server is down, so that the answers meet the outage).
internal sealed class Workload(Deployment deployment, Bus bus, string round, int count, double timeoutSeconds, Task? answersAfter = null)
{
    private readonly ConcurrentDictionary<string, Thread> threads = new();

    private readonly TaskCompletionSource allPaused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int InFlight => threads.Count;

    /// <summary>With answers held: completes once every thread that gets an answer waits on its interrupt.</summary>
    public Task AllPaused => allPaused.Task;

    /// <summary>Starts every thread, waits for each to pause and answers the ones a person would answer.</summary>
    public async Task Drive(CancellationToken cancellation)
    {
        var specs = Enumerable.Range(0, count).Select(i => new Thread($"{round}-{i:D3}", (i % 3) switch
        {
            0 => "approval",
            1 => "side-effect",
            _ => "timed-approval",
        }, Approve: i % 6 != 3, OnBus: i % 12 == 0)).ToList();
        foreach (var spec in specs)
        {
            threads[spec.Id] = spec;
        }

        var clients = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation };
        await Parallel.ForEachAsync(specs, clients, async (thread, token) =>
        {
            await Until(() => StartThread(thread), token);
            if (thread.Graph == "timed-approval")
            {
                return;
            }

            var paused = await Retry(() => WaitPaused(thread.Id), token);
            if (thread.Graph == "side-effect")
            {
                thread.Receipt = paused;
            }

            if (answersAfter is null)
            {
                await Answer(thread, token);
            }
        });

        if (answersAfter is not null)
        {
            allPaused.TrySetResult();
            await answersAfter.WaitAsync(cancellation);
            await Parallel.ForEachAsync(specs.Where(t => t.Graph != "timed-approval"), clients, async (thread, token) => await Answer(thread, token));
        }
    }

    /// <summary>Answers <paramref name="thread"/> over HTTP or on the bus until the answer is acknowledged.</summary>
    private async Task Answer(Thread thread, CancellationToken token)
    {
        var answer = new JsonObject { ["approved"] = thread.Approve };
        if (!thread.Approve)
        {
            answer["reason"] = "no";
        }

        if (thread.OnBus)
        {
            await Until(async () => { await bus.PublishResume(thread.Id, answer); return true; }, token);
        }
        else
        {
            var key = Guid.NewGuid().ToString("N");
            await Until(() => Resume(thread.Id, answer, key), token);
        }

        thread.Acknowledged = true;
    }

    /// <summary>Polls until every thread ended or <paramref name="timeout"/> passed; the time it took.</summary>
    public async Task<TimeSpan?> WaitEnded(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var open = 0;
            foreach (var thread in threads.Values.Where(t => t.Final is null))
            {
                var state = await TryGet($"/threads/{thread.Id}/state");
                var status = state?["status"]?.GetValue<string>();
                if (status is "completed" or "failed" or "cancelled")
                {
                    thread.Final = state;
                }
                else
                {
                    open++;
                }
            }

            if (open == 0)
            {
                return clock.Elapsed;
            }

            await Task.Delay(500);
        }

        return null;
    }

    /// <summary>Compares each thread's end, audit and receipt with what its answers imply.</summary>
    public async Task<Verdict> Check()
    {
        var verdict = new Verdict();
        foreach (var thread in threads.Values.OrderBy(t => t.Id))
        {
            if (thread.Final is null)
            {
                verdict.Stuck.Add($"{thread.Id}: not ended");
                if (thread.Acknowledged)
                {
                    verdict.Lost.Add($"{thread.Id}: acknowledged answer not applied");
                }

                continue;
            }

            var values = thread.Final["values"]!;
            var expected = thread.Graph switch
            {
                "side-effect" => thread.Approve ? "shipped" : "held",
                "timed-approval" => "rejected",
                _ => thread.Approve ? "approved" : "rejected",
            };
            var status = values["status"]?.GetValue<string>();
            if (thread.Final["status"]!.GetValue<string>() != "completed" || status != expected)
            {
                verdict.Lost.Add($"{thread.Id}: ended {thread.Final["status"]} with status {status}, expected completed {expected}");
            }

            var audit = await TryGet($"/threads/{thread.Id}/audit?pageSize=100");
            var entries = (audit as JsonArray) ?? audit?["items"]?.AsArray() ?? [];
            int Count(string action) => entries.Count(e => e!["action"]!.GetValue<string>() == action);
            var (answers, timeouts, starts) = (Count("answer"), Count("timeout"), Count("start"));
            var (wantAnswers, wantTimeouts) = thread.Graph == "timed-approval" ? (0, 1) : (1, 0);
            if (starts != 1 || answers != wantAnswers || timeouts != wantTimeouts)
            {
                var note = $"{thread.Id}: audit has {starts} start, {answers} answer, {timeouts} timeout; expected 1, {wantAnswers}, {wantTimeouts}";
                (starts > 1 || answers > wantAnswers || timeouts > wantTimeouts ? verdict.Duplicated : verdict.Lost).Add(note);
            }

            // The charge is a journaled Step: had it run again after the node reported, the receipt the
            // thread ends with would differ from the one its interrupt showed.
            if (thread.Graph == "side-effect" && values["receipt"]?.GetValue<string>() != thread.Receipt)
            {
                verdict.Duplicated.Add($"{thread.Id}: charged again (receipt {thread.Receipt} then {values["receipt"]})");
            }
        }

        return verdict;
    }

    private async Task<bool> StartThread(Thread thread)
    {
        var input = thread.Graph switch
        {
            "side-effect" => new JsonObject { ["work_ms"] = 400 },
            "timed-approval" => new JsonObject { ["action_details"] = thread.Id, ["status"] = "pending", ["timeout_seconds"] = timeoutSeconds },
            _ => new JsonObject { ["action_details"] = thread.Id, ["status"] = "pending" },
        };
        var body = new JsonObject { ["graph"] = thread.Graph, ["threadId"] = thread.Id, ["input"] = input };
        using var response = await Post("/threads", body, key: null);

        // 409: an earlier attempt whose answer was lost created it.
        return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.Conflict;
    }

    /// <summary>The thread's receipt (side-effect) or "" once it waits on its interrupt; null before.</summary>
    private async Task<string?> WaitPaused(string id)
    {
        var state = await TryGet($"/threads/{id}/state");
        if (state?["status"]?.GetValue<string>() != "interrupted")
        {
            await Task.Delay(300);
            return null;
        }

        var value = state["interrupts"]?[0]?["value"];
        return value?["receipt"]?.GetValue<string>() ?? "";
    }

    private async Task<bool> Resume(string id, JsonObject answer, string key)
    {
        using var response = await Post($"/threads/{id}/resume", new JsonObject { ["resume"] = answer.DeepClone() }, key);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted;
    }

    private async Task<HttpResponseMessage> Post(string path, JsonObject body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await deployment.Http.SendAsync(request);
    }

    private async Task<JsonNode?> TryGet(string path)
    {
        try
        {
            using var response = await deployment.Http.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task Until(Func<Task<bool>> attempt, CancellationToken token) =>
        await Retry(async () => await attempt() ? "" : null, token);

    /// <summary>Calls <paramref name="attempt"/> until it gives a result; a refused connection or 5xx is retried.</summary>
    private static async Task<T> Retry<T>(Func<Task<T?>> attempt, CancellationToken token)
        where T : class
    {
        while (true)
        {
            token.ThrowIfCancellationRequested();
            try
            {
                if (await attempt() is { } result)
                {
                    return result;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException or TimeoutException)
            {
                // The API or the broker is down for now.
            }

            await Task.Delay(250, token);
        }
    }

    private sealed record Thread(string Id, string Graph, bool Approve, bool OnBus)
    {
        public string? Receipt { get; set; }

        public bool Acknowledged { get; set; }

        public JsonNode? Final { get; set; }
    }
}

/// <summary>What went wrong in one round.</summary>
internal sealed class Verdict
{
    public List<string> Lost { get; } = [];

    public List<string> Duplicated { get; } = [];

    public List<string> Stuck { get; } = [];
}
