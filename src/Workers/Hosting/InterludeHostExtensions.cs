using Interlude.Workers.Hosting.Auth;
using Interlude.Workers.Samples;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Interlude.Workers.Hosting;

/// <summary>The stock host built from Interlude's packages: the sample graphs, the configured role, transport and database.</summary>
public static class InterludeHostExtensions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string DefaultConnectionString = "Data Source=interlude.db";

    /// <summary>
    /// Everything <c>serve</c> runs with HTTP (roles <c>All</c> and <c>Api</c>), configured from the <c>Interlude</c>
    /// section, with the authentication of <c>Interlude:Auth</c> (see <see cref="HostAuthentication"/>).
    /// </summary>
    public static WebApplicationBuilder AddInterludeHost(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // Kestrel answers requests past its own limits without the app; set them above the API's
        // (InterludeApiOptions), so that the API answers those with problem+json.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
        });

        builder.AddInterludeHostAuthentication(ReadSettings(builder.Configuration).Auth);
        ((IHostApplicationBuilder)builder).AddInterludeHost();
        return builder;
    }

    /// <summary>
    /// The services of the configured role on the configured transport: the client always; the thread
    /// database, the saga, the node workers and the history and inbox queries unless the role is <c>Api</c>;
    /// the HTTP API's services unless it is <c>Worker</c>; OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// Throws <see cref="InterludeConfigurationException"/> on an invalid configuration.
    /// </summary>
    public static IHostApplicationBuilder AddInterludeHost(this IHostApplicationBuilder builder)
    {
        var settings = ReadSettings(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<InterludeHostOptions>, InterludeHostOptionsValidation>();
        services.AddOptions<InterludeHostOptions>().BindConfiguration(InterludeOptions.Section).ValidateOnStart();
        var health = services.AddHealthChecks();
        builder.AddHostTelemetry(settings);
        if (settings.RunsThreads)
        {
            var connectionString = builder.Configuration.GetConnectionString("Interlude") ?? DefaultConnectionString;
            services.AddInterlude(interlude =>
            {
                foreach (var graph in SampleGraphs.All)
                {
                    interlude.AddGraph(graph);
                }

                interlude.UseQueuePrefix(settings.IsRabbitMq ? settings.RabbitMQ.Prefix : "");
                UseDatabase(interlude, settings.Database.Provider, connectionString);
            });
            health.AddCheck<DatabaseHealthCheck>("database");
        }

        // Started means connected with every queue declared: a worker that says so can take messages.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        if (settings.ServesHttp)
        {
            services.AddInterludeApi();
            services.AddHostRateLimiting(settings.RateLimit);
        }

        services.AddMassTransit(bus =>
        {
            if (settings.RunsThreads)
            {
                bus.AddInterlude();
            }

            if (settings.ServesHttp)
            {
                // Server-sent events: each HTTP process gets every event on a queue of its own.
                bus.AddInterludeEventStream();
            }

            if (settings.IsRabbitMq)
            {
                bus.UsingInterludeRabbitMq(settings.RabbitMQ);
            }
            else
            {
                bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
            }
        });
        return builder;
    }

    /// <summary>The <c>Interlude</c> section, bound and checked; <see cref="InterludeConfigurationException"/> names every bad key.</summary>
    public static InterludeHostOptions ReadSettings(IConfiguration configuration)
    {
        InterludeHostOptions settings;
        try
        {
            settings = configuration.GetSection(InterludeOptions.Section).Get<InterludeHostOptions>() ?? new InterludeHostOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value it could not convert.
            throw new InterludeConfigurationException([e.Message]);
        }

        var errors = InterludeHostOptionsValidation.Errors(settings);
        return errors.Count == 0 ? settings : throw new InterludeConfigurationException(errors);
    }

    /// <summary>The database package of <paramref name="provider"/>; there is no fallback to another database.</summary>
    internal static void UseDatabase(InterludeBuilder interlude, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                interlude.UseSqlite(connectionString);
                break;
            case DatabaseProvider.PostgreSQL:
                interlude.UsePostgreSql(connectionString);
                break;
            case DatabaseProvider.SqlServer:
                interlude.UseSqlServer(connectionString);
                break;
            default:
                throw new InterludeConfigurationException([$"Interlude:Database:Provider '{provider}' is not a database this host has."]);
        }
    }
}
