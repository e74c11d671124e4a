using System.Diagnostics;
using System.Globalization;

namespace Interlude.Bench;

/// <summary>
/// <c>--paused N</c>: N threads started to their interrupt on PostgreSQL (many calls in flight, timed), then
/// the RSS of every process holding them, then a sample of them resumed: resume latency p50/p95/p99.
/// </summary>
internal static class PausedRun
{
    public static async Task Run(BenchOptions options, int paused, BenchCycles cycles, IReadOnlyList<(string Name, Process Process)> processes, string run)
    {
        // Short warm-up: the seeding itself warms up the start path; the resumes measured need jitted code too.
        await cycles.Warm($"warm-{run}", Math.Min(options.Warmup, 500));
        var ids = Enumerable.Range(0, paused).Select(i => $"p-{run}-{i}").ToArray();
        var step = Math.Max(1, paused / 10);
        var seeding = await cycles.StartAll(ids, options.SeedConcurrency, done =>
        {
            if (done % step == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paused {done}/{paused}"));
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded paused threads:     {paused} in {seeding.TotalSeconds:F1} s ({paused / seeding.TotalSeconds:F0} threads/s, {options.SeedConcurrency} in flight)"));

        // Collected first, so that RSS shows what the threads keep, not the seeding's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var (name, process) in processes)
        {
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS MiB with {paused} paused: {process.WorkingSet64 / (1024 * 1024)} ({name})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap MiB:          {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} (benchmark process)"));

        // Spread over all of them: early and late ones, rows on every page.
        var sampleStep = Math.Max(1, paused / Math.Min(options.Sample, paused));
        var sample = ids.Where((_, i) => i % sampleStep == 0).Take(options.Sample).ToArray();
        var (resumed, latencies) = await cycles.ResumeAll(sample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resumed sample:            {sample.Length} in {resumed.TotalSeconds:F2} s ({sample.Length / resumed.TotalSeconds:F0} resumes/s, {options.Concurrency} in flight)"));
        Console.WriteLine($"resume latency ms:         {BenchCycles.Percentiles(latencies)}");
    }
}
