using Microsoft.Extensions.Options;

namespace Interlude.Workers.Hosting;

/// <summary>
/// The <c>serve</c> verb. Roles <c>All</c> and <c>Api</c> run the web host; role <c>Worker</c> runs a
/// plain host that listens on no port (saga and node workers only, for scale-out on RabbitMQ), or only
/// for <c>/health</c> on <c>Interlude:Health:Urls</c> when that is set.
/// </summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // A plain host's configuration (appsettings, environment, command line) tells which host to build.
        var builder = Host.CreateApplicationBuilder(args);
        InterludeHostOptions settings;
        try
        {
            settings = InterludeHostExtensions.ReadSettings(builder.Configuration);
        }
        catch (InterludeConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (!settings.ServesHttp && string.IsNullOrEmpty(settings.Health.Urls))
        {
            builder.AddInterludeHost();
            using var worker = builder.Build();
            return await Run(worker);
        }

        if (!settings.ServesHttp)
        {
            // A worker that is asked to: its readiness on Interlude:Health:Urls, and nothing else over HTTP.
            var probe = WebApplication.CreateBuilder(args);
            probe.WebHost.UseUrls(settings.Health.Urls!);
            ((IHostApplicationBuilder)probe).AddInterludeHost();
            var health = probe.Build();
            health.MapReadiness();
            return await Run(health);
        }

        var web = WebApplication.CreateBuilder(args);
        try
        {
            web.AddInterludeHost();
        }
        catch (InterludeConfigurationException e)
        {
            // Such as no authentication on an address that is not loopback.
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var app = web.Build();

        app.MapInterludeHost();
        return await Run(app);
    }

    /// <summary>
    /// The stock host's HTTP surface: Interlude's endpoints at the root (problem+json for anything unexpected,
    /// from their filter, and for routing, size and rate-limit refusals) behind the rate limiter, and <c>/health</c>.
    /// </summary>
    public static WebApplication MapInterludeHost(this WebApplication app)
    {
        app.UseInterludeProblems();
        app.UseHostRateLimiting(app.Services.GetRequiredService<IOptions<InterludeHostOptions>>().Value.RateLimit);
        app.MapInterlude();
        app.MapReadiness();
        return app;
    }

    /// <summary>Runs until shutdown; a host that cannot start (e.g. no broker within the start timeout) exits 1 with one clear line.</summary>
    private static async Task<int> Run(IHost host)
    {
        try
        {
            await host.StartAsync();
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"Interlude could not start: {e.GetBaseException().Message}");

            // Stop what did start (the outbox sweeper), so it ends quietly.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stopping.Token);
            return 1;
        }

        await host.WaitForShutdownAsync();
        return 0;
    }
}
