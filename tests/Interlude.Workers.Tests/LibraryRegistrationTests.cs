using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.AspNetCore;
using Interlude.Client;
using Interlude.EntityFrameworkCore;
using Interlude.Workers.Hosting;
using Interlude.Workers.Samples;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interlude.Workers.Tests;

/// <summary>The packages' registration as a service of one's own uses it: options, stores, migrations, the route prefix.</summary>
public sealed class LibraryRegistrationTests
{
    [Fact]
    public void StockHost_UnknownDatabaseProvider_IsRefusedNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Interlude:Database:Provider=Oracle"]).Build();

        var error = Assert.Throws<InterludeConfigurationException>(() => InterludeHostExtensions.ReadSettings(configuration));

        Assert.Contains("Interlude:Database:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphUnavailable_IsAConflictOverHttp() =>
        Assert.Equal(StatusCodes.Status409Conflict, Interlude.AspNetCore.Problems.StatusFor(Interlude.Graph.Runtime.RejectionReasons.GraphUnavailable));

    [Fact]
    public void ClientAndApiPackages_LoadNoEfCoreAndNoRuntime()
    {
        foreach (var assembly in new[] { typeof(IGraphClient).Assembly, typeof(InterludeApiRegistration).Assembly })
        {
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

            Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
            Assert.DoesNotContain("Interlude", references);
            Assert.DoesNotContain("Interlude.EntityFrameworkCore", references);
        }
    }

    [Fact]
    public async Task Options_InvalidTiming_StopsTheHostNamingTheKey()
    {
        using var host = InMemoryBusHost(null, "--Interlude:Scheduler:PollInterval=-00:00:01", "--Logging:LogLevel:Default=None");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Interlude:Scheduler:PollInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Interlude:Retention:FinishedThreadsDays=0", "Interlude:Retention:FinishedThreadsDays must be more than 0")]
    [InlineData("--Interlude:Retention:BatchSize=0", "Interlude:Retention:BatchSize must be 1 to 10000")]
    [InlineData("--Interlude:Retention:Interval=00:00:00", "Interlude:Retention:Interval must be positive")]
    public async Task Options_InvalidRetention_StopsTheHostNamingTheKey(string setting, string expected)
    {
        using var host = InMemoryBusHost(null, setting, "--Logging:LogLevel:Default=None");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_BusBeforeInterlude_ThreadsStillLiveInTheChosenDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        var builder = Host.CreateApplicationBuilder(["--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddMassTransit(x =>
        {
            x.AddInterlude();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        builder.Services.AddInterlude(interlude =>
        {
            interlude.AddGraph(ApprovalGraph.Build());
            database.Use(interlude);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var paused = await host.Services.GetRequiredService<IGraphClient>().InvokeAsync("approval", new JsonObject { ["action_details"] = "x", ["status"] = "pending" }, "order-independent");

            Assert.Equal("interrupted", paused.Status);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
            Assert.Equal(1, await db.Threads.CountAsync(t => t.ThreadId == "order-independent"));
            Assert.Equal(1, await db.Interrupts.CountAsync(i => i.ThreadId == "order-independent"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task MigrateOnStartOff_TheHostLeavesTheSchemaToTheApplication()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.Sqlite);
        using var host = InMemoryBusHost(database, "--Interlude:Database:MigrateOnStart=false", "--Logging:LogLevel:Default=None");
        foreach (var service in host.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
        {
            await service.StartingAsync(CancellationToken.None);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<InterludeDbContext>().Database.GetAppliedMigrationsAsync());
        }

        await host.Services.MigrateInterludeDatabaseAsync();

        await using var after = host.Services.CreateAsyncScope();
        var db = after.ServiceProvider.GetRequiredService<InterludeDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Threads.CountAsync());
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task PostgreSql_Schema_TablesLiveThereAndThreadsRun()
    {
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        using var host = InMemoryBusHost(database, "--Interlude:Database:Schema=approvals", "--Logging:LogLevel:Default=Warning");
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IGraphClient>();
            var paused = await client.InvokeAsync("approval", new JsonObject { ["action_details"] = "x", ["status"] = "pending" }, "in-schema");
            var done = await client.ResumeAsync("in-schema", JsonValue.Create(true));

            Assert.Equal("completed", done.Status);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT table_schema, count(*) FROM information_schema.tables WHERE table_name IN ('threads', 'interrupts', 'outbox_messages', '__EFMigrationsHistory') GROUP BY table_schema", connection);
            await using var reader = await tables.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("approvals", 4L), (reader.GetString(0), reader.GetInt64(1)));
            Assert.False(await reader.ReadAsync());
            Assert.Equal("interrupted", paused.Status);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task MapInterlude_UnderAPrefix_ApiAndInboxPageLiveThere()
    {
        await using var app = await LibraryHost("/approvals", o => o.AllowAnonymous = true);
        var http = app.GetTestClient();

        using var started = await http.PostAsync(new Uri("/approvals/threads", UriKind.Relative), new StringContent("""{"graph":"approval","threadId":"prefixed","input":{"action_details":"x","status":"pending"}}""", Encoding.UTF8, "application/json"));
        using var state = await http.GetAsync(new Uri("/approvals/threads/prefixed/state", UriKind.Relative));
        using var unprefixed = await http.GetAsync(new Uri("/threads/prefixed/state", UriKind.Relative));
        var page = await http.GetStringAsync(new Uri("/approvals/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("interrupted", JsonDocument.Parse(await state.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        Assert.Contains("<base href=\"/approvals/\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<base href=\"/\">", page, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task MapInterlude_ByDefault_EachEndpointRequiresItsPermission_OnTheApplicationsOwnScheme()
    {
        await using var app = await LibraryHost("", configure: null, auth => auth.AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null));
        HttpClient As(string? user)
        {
            var client = app.GetTestClient();
            if (user is not null)
            {
                client.DefaultRequestHeaders.Add("X-Test-User", user);
            }

            return client;
        }

        const string Start = """{"graph":"approval","threadId":"lib","input":{"action_details":"x","status":"pending"}}""";
        using var anonymous = await As(null).PostAsync(new Uri("/threads", UriKind.Relative), new StringContent(Start, Encoding.UTF8, "application/json"));
        using var reader = await As("rita;reader").PostAsync(new Uri("/threads", UriKind.Relative), new StringContent(Start, Encoding.UTF8, "application/json"));
        using var starter = await As("sam;starter").PostAsync(new Uri("/threads", UriKind.Relative), new StringContent(Start, Encoding.UTF8, "application/json"));
        using var read = await As("rita;reader").GetAsync(new Uri("/threads/lib/state", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("TestHeader", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Created, starter.StatusCode);
        Assert.Equal("sam", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("startedBy").GetString());
        await app.StopAsync();
    }

    /// <summary>A user's own web app with the approval graph and Interlude's API under <paramref name="prefix"/>, started on a test server.</summary>
    private static async Task<WebApplication> LibraryHost(string prefix, Action<InterludeApiOptions>? configure, Action<AuthenticationBuilder>? authentication = null)
    {
        var builder = WebApplication.CreateBuilder(["--Logging:LogLevel:Default=Warning"]);
        builder.WebHost.UseTestServer();
        builder.Services.AddInterlude(interlude => interlude.AddGraph(ApprovalGraph.Build()));
        builder.Services.AddInterludeApi(configure);
        authentication?.Invoke(builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName));
        builder.Services.AddMassTransit(x =>
        {
            x.AddInterlude();
            x.AddInterludeEventStream();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        var app = builder.Build();
        app.MapInterlude(prefix);
        await app.StartAsync();
        return app;
    }

    /// <summary>A plain host with the approval graph on the in-memory bus, its threads in <paramref name="database"/> (null: in memory).</summary>
    private static IHost InMemoryBusHost(TestDatabase? database, params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddInterlude(interlude =>
        {
            interlude.AddGraph(ApprovalGraph.Build());
            database?.Use(interlude);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.AddInterlude();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        return builder.Build();
    }
}
