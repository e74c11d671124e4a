using System.Collections.Concurrent;
using System.Diagnostics;

namespace Interlude.Workers.Tests;

/// <summary>
/// The real executable as <c>serve --Interlude:Role=Worker</c>: no HTTP, so it counts as ready when the
/// host logs that it started (MassTransit waits for the broker and every queue before that).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const string Started = "Application started";

    private readonly Process process;

    private readonly ConcurrentQueue<string> output = new();

    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => this.process = process;

    public static async Task<WorkerProcess> StartAsync(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            typeof(Program).Assembly.Location, "serve", "--Interlude:Role=Worker",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Read(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Read(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected output, so the message shows why it ended
            worker.ready.TrySetException(new InvalidOperationException($"The worker exited with code {process.ExitCode}:\n{worker.Output}"));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await worker.ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            await worker.DisposeAsync();
            throw new TimeoutException($"The worker did not start within 90 s:\n{worker.Output}");
        }

        return worker;
    }

    /// <summary>What the process wrote so far (stdout and stderr).</summary>
    public string Output => string.Join('\n', output);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (line.Contains(Started, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
