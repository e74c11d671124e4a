using System.Diagnostics;

namespace Interlude.Faults;

/// <summary>The private servers of this run (scripts/services.sh with the run's INTERLUDE_SERVICES_DIR, inherited).</summary>
internal static class Services
{
    public static string Postgres => Env("INTERLUDE_TEST_POSTGRES");

    public static int PostgresPort => int.Parse(Postgres.Split(';').Select(p => p.Split('=', 2)).First(p => p[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase))[1]);

    public static string RabbitHost => Env("INTERLUDE_TEST_RABBITMQ_HOST");

    public static int RabbitPort => int.Parse(Env("INTERLUDE_TEST_RABBITMQ_PORT"));

    public static string RabbitUser => Env("INTERLUDE_TEST_RABBITMQ_USER");

    public static string RabbitPassword => Env("INTERLUDE_TEST_RABBITMQ_PASSWORD");

    public static string RabbitVirtualHost => Env("INTERLUDE_TEST_RABBITMQ_VHOST");

    /// <summary>Runs <c>bash scripts/services.sh ARGS</c> and returns its standard output; throws if it fails.</summary>
    public static async Task<string> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Deployment.Repository, "scripts", "services.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"services.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>Waits until nothing listens on loopback <paramref name="port"/> any more; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitRefused(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static string Env(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run through scripts/faults.sh");
}
