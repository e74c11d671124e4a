using System.Net;
using Interlude.Workers.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>A worker's readiness on <c>Interlude:Health:Urls</c> (issue 10, "Readiness"), and a quiet idle host.</summary>
[Trait("Category", "Integration")]
public sealed class WorkerHealthTests
{
    [Fact]
    public async Task Worker_WithHealthUrls_IsReady_UntilItsDatabaseIsGone_AndIdleItLogsNoDatabaseCommands()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        var port = ServeProcess.FreePort();
        await using var worker = await WorkerProcess.StartAsync([
            .. RabbitTestBroker.Settings(RabbitTestBroker.NewPrefix(), database, "Worker"),
            $"--Interlude:Health:Urls=http://127.0.0.1:{port}",
            "--Logging:LogLevel:Default=Information"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var ready = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The scheduler and the cleaners query the database every second: at Information none of it is logged
        // (start-up's migrations are, before this).
        var startUp = worker.Output.Length;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idle = worker.Output[startUp..];
        Assert.False(idle.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal), idle);

        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(TestDatabase.PostgresServer))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        using var gone = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
    }

    /// <summary>
    /// Issue 13, "readiness reports it meanwhile": MassTransit calls a bus whose broker went away degraded,
    /// which ASP.NET Core answers with 200; not ready is 503, and ready again once it reconnected.
    /// </summary>
    [Fact]
    public async Task Worker_BrokerUnreachable_IsNotReady_AndReadyAgainOnceItReconnects()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var broker = OutageProxy.Start(RabbitTestBroker.Host, RabbitTestBroker.Port);
        var port = ServeProcess.FreePort();
        await using var worker = await WorkerProcess.StartAsync([
            .. RabbitTestBroker.Settings(RabbitTestBroker.NewPrefix(), database, "Worker"),
            "--Interlude:RabbitMQ:Host=127.0.0.1",
            $"--Interlude:RabbitMQ:Port={broker.Port}",
            $"--Interlude:Health:Urls=http://127.0.0.1:{port}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, await Health(http));

        broker.Cut();
        Assert.True(await Within(TimeSpan.FromSeconds(30), async () => await Health(http) == HttpStatusCode.ServiceUnavailable), "Ready while the broker was away.");

        broker.Restore();
        Assert.True(await Within(TimeSpan.FromSeconds(90), async () => await Health(http) == HttpStatusCode.OK), "Not ready again after the broker came back.\n" + worker.Output);
    }

    private static async Task<HttpStatusCode> Health(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        return response.StatusCode;
    }

    private static async Task<bool> Within(TimeSpan timeout, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    [Theory]
    [InlineData("Worker", true)]
    [InlineData("Api", false)]
    [InlineData("All", true)]
    public void Readiness_OnRabbitMq_ChecksTheBrokerForEveryRole_AndTheDatabaseForRolesThatHoldIt(string role, bool holdsDatabase)
    {
        var builder = Host.CreateApplicationBuilder(["--Interlude:Transport=RabbitMQ", $"--Interlude:Role={role}"]);
        builder.AddInterludeHost();
        using var host = builder.Build();

        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();

        Assert.Contains(checks, c => c.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(holdsDatabase, checks.Contains("database"));
    }
}
