using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Interlude.Bench;

/// <summary>
/// <c>--idle S</c>: the started host does nothing for S seconds; the CPU time each process used meanwhile
/// (<see cref="Process.TotalProcessorTime"/>), also as a percentage of one core.
/// </summary>
internal static class IdleRun
{
    // Start-up work is not idling: background tier-1 JIT of what start-up ran hot goes on for a while
    // after the host started. The window opens once no method was compiled for this long.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxSettle = TimeSpan.FromMinutes(3);

    public static async Task Run(int seconds, IReadOnlyList<(string Name, Process Process)> processes)
    {
        var settled = await SettleJit();
        var before = processes.Select(p => Cpu(p.Process)).ToArray();
        var jitBefore = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"idle window opened {settled.TotalSeconds:F0} s after start (start-up JIT done); JIT in the window: {(JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds:F0} ms"));
        for (var i = 0; i < processes.Count; i++)
        {
            var used = Cpu(processes[i].Process) - before[i];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"idle CPU s: {used.TotalSeconds:F3} over {elapsed.TotalSeconds:F1} s = {100 * used / elapsed:F3}% of one core ({processes[i].Name})"));
        }
    }

    private static async Task<TimeSpan> SettleJit()
    {
        var clock = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed < MaxSettle)
        {
            await Task.Delay(Quiet);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                break;
            }

            compiled = now;
        }

        return clock.Elapsed;
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
