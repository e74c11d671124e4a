using System.Diagnostics;
using System.Globalization;

namespace Interlude.Bench;

/// <summary>
/// N threads to their interrupt, then resumed to the end, after W warm-up cycles: threads/s, resumes/s,
/// full cycles/s (a check outside the project reads that line), resume latency, saga transactions/s, peak RSS.
/// </summary>
internal static class ThroughputRun
{
    public static async Task Run(BenchOptions options, BenchCycles cycles, SagaTransactionCounter counter, string run)
    {
        await cycles.Warm($"warm-{run}", options.Warmup);
        var transactionsBefore = counter.Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var ids = Enumerable.Range(0, options.Threads).Select(i => $"b-{run}-{i}").ToArray();
        var started = await cycles.StartAll(ids, options.Concurrency);
        var (resumed, latencies) = await cycles.ResumeAll(ids);
        var transactions = counter.Count - transactionsBefore;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var total = started + resumed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start->interrupt threads/s: {options.Threads / started.TotalSeconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resume->done resumes/s:    {options.Threads / resumed.TotalSeconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full cycles/s:             {options.Threads / total.TotalSeconds:F0}"));
        Console.WriteLine($"resume latency ms:         {BenchCycles.Percentiles(latencies)}");
        Console.WriteLine(options.Workers > 0
            ? "saga transactions/s:       (in the worker processes)"
            : string.Create(CultureInfo.InvariantCulture, $"saga transactions/s:       {transactions / total.TotalSeconds:F0} ({transactions} in {total.TotalSeconds:F2} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ms per cycle:          {cpu.TotalMilliseconds / options.Threads:F2} (this process; steadier than cycles/s on a busy machine)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS MiB:              {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)}"));
    }
}
