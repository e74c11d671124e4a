using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Interlude.Faults;

/// <summary>
/// One API process and two worker processes of the real executable (src/Workers, built Release), each on a
/// fixed loopback port kept across restarts, so that a killed process comes back where clients expect it.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    /// <summary>How long a dispatched task may stay unanswered; short, so a stuck thread shows within the run.</summary>
    public static readonly TimeSpan TaskLease = TimeSpan.FromSeconds(20);

    private readonly string logs;

    private readonly string prefix = $"faults{Environment.ProcessId}-";

    public Deployment(string logs)
    {
        this.logs = logs;
        Api = new Member("api", "Api", FreePort());
        Workers = [new Member("worker-1", "Worker", FreePort()), new Member("worker-2", "Worker", FreePort())];
        Http = new HttpClient { BaseAddress = Api.Address, Timeout = TimeSpan.FromSeconds(40) };

        // Ended by a signal (SIGTERM from a timeout or test.sh): no process of the run may outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var member in All)
            {
                if (member.Process is { HasExited: false } process)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        };
    }

    public static string Repository { get; } = FindRepository();

    public Member Api { get; }

    public Member[] Workers { get; }

    public HttpClient Http { get; }

    public string Prefix => prefix;

    public IEnumerable<Member> All => Workers.Prepend(Api);

    public async Task Start(Member member)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Arguments(member))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(logs, member.Name + ".log"), append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {DateTime.UtcNow:O}");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        member.Process = process;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public static async Task Kill(Member member)
    {
        if (member.Process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Waits until every started process runs and answers <c>/health</c> 200; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitReady(TimeSpan timeout)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var ready = true;
            foreach (var member in All.Where(m => m.Process is not null))
            {
                ready &= !member.Process!.HasExited && await Healthy(probe, member);
            }

            if (ready)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>Whether <paramref name="member"/> runs and answers <c>/health</c> 200 now.</summary>
    public async Task<bool> IsReady(Member member)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return member.Process is { HasExited: false } && await Healthy(probe, member);
    }

    /// <summary>The processes that exited without being killed by the suite.</summary>
    public IEnumerable<Member> Exited() => All.Where(m => m.Process is { HasExited: true });

    public async ValueTask DisposeAsync()
    {
        foreach (var member in All)
        {
            await Kill(member);
        }

        Http.Dispose();
    }

    private IEnumerable<string> Arguments(Member member)
    {
        yield return Path.Combine(Repository, "src", "Workers", "bin", "Release", "net10.0", "Interlude.Workers.dll");
        yield return "serve";
        yield return $"--Interlude:Role={member.Role}";
        yield return member.Role == "Api" ? "--urls" : "--Interlude:Health:Urls";
        yield return member.Address.ToString();
        yield return "--Interlude:Transport=RabbitMQ";
        yield return $"--Interlude:RabbitMQ:Host={Services.RabbitHost}";
        yield return $"--Interlude:RabbitMQ:Port={Services.RabbitPort}";
        yield return $"--Interlude:RabbitMQ:Username={Services.RabbitUser}";
        yield return $"--Interlude:RabbitMQ:Password={Services.RabbitPassword}";
        yield return $"--Interlude:RabbitMQ:VirtualHost={Services.RabbitVirtualHost}";
        yield return $"--Interlude:RabbitMQ:Prefix={prefix}";
        yield return "--Interlude:Database:Provider=PostgreSQL";
        yield return $"--ConnectionStrings:Interlude={Services.Postgres}";
        yield return $"--Interlude:Database:TaskLease={TaskLease:c}";
        yield return "--Interlude:Api:WaitSeconds=5";
        yield return "--Logging:LogLevel:Default=Warning";
        yield return "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information";
        yield return "--Logging:Console:FormatterName=simple";
        yield return "--Logging:Console:FormatterOptions:SingleLine=true";
        yield return "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ";
    }

    private static async Task<bool> Healthy(HttpClient probe, Member member)
    {
        try
        {
            using var response = await probe.GetAsync(new Uri(member.Address, "/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Interlude.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Interlude.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One process of the deployment.</summary>
    internal sealed class Member(string name, string role, int port)
    {
        public string Name { get; } = name;

        public string Role { get; } = role;

        public Uri Address { get; } = new($"http://127.0.0.1:{port}");

        public Process? Process { get; set; }
    }
}
