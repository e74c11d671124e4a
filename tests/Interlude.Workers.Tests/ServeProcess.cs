using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>
/// The real <c>serve</c> executable in its own process, on a loopback port and a SQLite file the test
/// owns, so a test can kill it (SIGKILL) and start it again on the same file.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    private ServeProcess(Process process, Uri address)
    {
        this.process = process;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>The lines the process wrote to stdout and stderr so far (its console log).</summary>
    public IReadOnlyCollection<string> Output => output;

    /// <summary>Starts the host on <paramref name="database"/> and waits until <c>/health</c> answers 200.</summary>
    public static Task<ServeProcess> StartAsync(string database, params string[] settings) =>
        StartWithAsync([$"--ConnectionStrings:Interlude=Data Source={database}", .. settings]);

    /// <summary>Starts the host with <paramref name="settings"/> only (e.g. role <c>Api</c> on RabbitMQ) and waits until <c>/health</c> answers 200.</summary>
    public static async Task<ServeProcess> StartWithAsync(params string[] settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            typeof(Program).Assembly.Location, "serve", "--urls", address.ToString(), "--Interlude:Api:WaitSeconds=30",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the serve process.");
        var serve = new ServeProcess(process, address);
        process.OutputDataReceived += (_, e) => serve.Record(e.Data);
        process.ErrorDataReceived += (_, e) => serve.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await serve.WaitHealthy();
        return serve;
    }

    /// <summary>Ends the process at once, as a crash would (SIGKILL): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Starts a thread of <paramref name="graph"/> with <c>POST /threads</c> and asserts the status:
    /// 201 (it paused or ended within the wait) unless <paramref name="mayStillRun"/> also allows 202.
    /// </summary>
    public async Task StartThread(string graph, string threadId, System.Text.Json.Nodes.JsonObject? input, bool mayStillRun = false)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["graph"] = graph, ["threadId"] = threadId, ["input"] = input?.DeepClone() };
        using var response = await Http.PostAsync(new Uri("/threads", UriKind.Relative), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(
            response.StatusCode == HttpStatusCode.Created || (mayStillRun && response.StatusCode == HttpStatusCode.Accepted),
            $"POST /threads for {threadId} answered {(int)response.StatusCode}");
    }

    /// <summary>Polls the thread's state until <paramref name="status"/> (the thread runs in the background).</summary>
    public async Task<JsonElement> WaitForStatus(string threadId, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement state = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync($"/threads/{threadId}/state");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                state = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (state.GetProperty("status").GetString() == status)
                {
                    return state;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Thread {threadId} did not reach '{status}' within {timeout}; last state: {state}");
    }

    /// <summary>Waits until <paramref name="count"/> output lines contain <paramref name="text"/>; returns them.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutput(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lines = Lines(text);
        while (lines.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            lines = Lines(text);
        }

        Assert.True(lines.Count >= count, $"Expected {count} output lines with '{text}', saw {lines.Count}.");
        return lines;
    }

    /// <summary>The output lines so far that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Lines(string text) => [.. output.Where(l => l.Contains(text, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private async Task WaitHealthy()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The serve process exited with code {process.ExitCode}.");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The serve process did not become healthy within 60 s.");
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
