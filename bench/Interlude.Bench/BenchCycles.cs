using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Contracts;

namespace Interlude.Bench;

/// <summary>Starts threads to their interrupt and resumes them to the end, C calls in flight, checking that each did.</summary>
internal sealed class BenchCycles(IGraphClient client, BenchWorkload workload, int concurrency)
{
    /// <summary>Full cycles of <paramref name="count"/> threads, so that the measured ones run on jitted code.</summary>
    public async Task Warm(string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
        await StartAll(ids, concurrency);
        await ResumeAll(ids);
    }

    /// <summary>Starts every thread of <paramref name="ids"/> to its interrupt; how long it took.</summary>
    public Task<TimeSpan> StartAll(string[] ids, int inFlight, Action<int>? progress = null)
    {
        var done = 0;
        return Timed(() => Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (id, cancellationToken) =>
        {
            Expect("interrupted", id, await client.InvokeAsync(workload.Graph, workload.Input(), id, cancellationToken: cancellationToken));
            progress?.Invoke(Interlocked.Increment(ref done));
        }));
    }

    /// <summary>Resumes every thread of <paramref name="ids"/> to its end; how long it took and each resume's latency in ms, sorted.</summary>
    public async Task<(TimeSpan Elapsed, double[] Latencies)> ResumeAll(string[] ids)
    {
        var latencies = new double[ids.Length];
        var elapsed = await Timed(() => Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            Expect("completed", ids[i], await client.ResumeAsync(ids[i], JsonValue.Create(true), cancellationToken: cancellationToken));
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        }));
        Array.Sort(latencies);
        return (elapsed, latencies);
    }

    /// <summary>The line of resume latency percentiles (nearest rank).</summary>
    public static string Percentiles(double[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(sorted, 0.50):F1}  p95 {Percentile(sorted, 0.95):F1}  p99 {Percentile(sorted, 0.99):F1}");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void Expect(string status, string threadId, ThreadStateSnapshot snapshot)
    {
        if (snapshot.Status != status)
        {
            throw new InvalidOperationException($"Thread {threadId} is {snapshot.Status}, expected {status}.");
        }
    }

    private static async Task<TimeSpan> Timed(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }
}
