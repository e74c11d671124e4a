using System.Diagnostics;

namespace Interlude.Bench;

/// <summary>
/// Worker processes of the real executable (<c>Interlude.Workers serve --Interlude:Role=Worker</c>) on the
/// benchmark's deployment. Each counts as ready once it logs that it started (broker connected, every queue declared).
/// </summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    private const string Started = "Application started";

    private static readonly string[] Serve =
    [
        "serve", "--Interlude:Role=Worker",
        "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
    ];

    private readonly List<Process> processes = [];

    public IReadOnlyList<Process> All => processes;

    public static async Task<WorkerProcesses> StartAsync(int count, IReadOnlyDictionary<string, string?> deployment)
    {
        var workers = new WorkerProcesses();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => workers.StartOne(deployment)));
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }

        return workers;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private async Task StartOne(IReadOnlyDictionary<string, string?> deployment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Interlude.Workers.Program).Assembly.Location);
        foreach (var argument in Serve.Concat(deployment.Select(setting => $"--{setting.Key}={setting.Value}")))
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process.");
        lock (processes)
        {
            processes.Add(process);
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(Started, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"worker {process.Id}: {e.Data}");
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Worker {process.Id} exited with code {process.ExitCode}."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }
}
