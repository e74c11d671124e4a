using Interlude.Graph;
using Interlude.Sagas.Client;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Interlude.Workers.Api.Events;
using Interlude.Workers.Nodes;
using Interlude.Workers.Samples;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interlude.Workers.Hosting;

/// <summary>Registers the Interlude host: options, graphs, the bus with the saga and node workers, the client.</summary>
public static class InterludeHostExtensions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string DefaultConnectionString = "Data Source=interlude.db";

    /// <summary>Everything <c>serve</c> runs with HTTP (roles <c>All</c> and <c>Api</c>), configured from the <c>Interlude</c> section.</summary>
    public static WebApplicationBuilder AddInterlude(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        ((IHostApplicationBuilder)builder).AddInterlude();
        return builder;
    }

    /// <summary>
    /// The services of the configured role on the configured transport: the client always; the thread
    /// database, the saga, the node workers and the history and inbox queries unless the role is <c>Api</c>.
    /// Throws <see cref="InterludeConfigurationException"/> on an invalid configuration.
    /// </summary>
    public static IHostApplicationBuilder AddInterlude(this IHostApplicationBuilder builder)
    {
        var settings = ReadSettings(builder.Configuration);
        var services = builder.Services;
        services.AddInterludeServices(SampleGraphs.All);
        services.AddSingleton<IValidateOptions<InterludeOptions>, InterludeOptionsValidation>();
        services.AddOptions<InterludeOptions>().BindConfiguration(InterludeOptions.Section).ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton(new ThreadEndpoints(settings.IsRabbitMq ? settings.RabbitMQ.Prefix : "")));
        var health = services.AddHealthChecks();
        if (settings.RunsThreads)
        {
            // A broker redelivers what a dead process had taken; only the in-memory transport loses tasks, so only it re-dispatches.
            services.AddThreadDatabase(
                settings.Database.Provider,
                builder.Configuration.GetConnectionString("Interlude") ?? DefaultConnectionString,
                new ThreadStorageOptions { Durable = true, RecoverLostTasks = !settings.IsRabbitMq, TaskLease = settings.Database.TaskLease });
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
            services.AddThreadEventHub();
        }

        services.AddMassTransit(bus =>
        {
            if (settings.RunsThreads)
            {
                bus.AddInterludeBus();
            }

            if (settings.ServesHttp)
            {
                // Server-sent events: each HTTP process gets every event on a queue of its own.
                bus.AddThreadEventStream();
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
    public static InterludeOptions ReadSettings(IConfiguration configuration)
    {
        InterludeOptions settings;
        try
        {
            settings = configuration.GetSection(InterludeOptions.Section).Get<InterludeOptions>() ?? new InterludeOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value it could not convert.
            throw new InterludeConfigurationException([e.Message]);
        }

        var errors = InterludeOptionsValidation.Errors(settings);
        return errors.Count == 0 ? settings : throw new InterludeConfigurationException(errors);
    }

    /// <summary>The graphs, the saga's runtime and the client (the bus is configured separately, e.g. by the test harness).</summary>
    public static IServiceCollection AddInterludeServices(this IServiceCollection services, IEnumerable<CompiledGraph> graphs)
    {
        services.AddOptions<InterludeOptions>();
        services.AddGraphRuntime(graphs);
        services.AddSingleton(provider => new GraphClientOptions(provider.GetRequiredService<IOptions<InterludeOptions>>().Value.Api.Wait));
        services.AddSingleton<IGraphClient, GraphClient>();
        return services;
    }

    /// <summary>The thread saga, the history and inbox queries and the node workers on a bus.</summary>
    public static IBusRegistrationConfigurator AddInterludeBus(this IBusRegistrationConfigurator bus)
    {
        bus.AddGraphThreads();
        bus.AddConsumer<ExecuteNodeConsumer, ExecuteNodeConsumerDefinition>();
        return bus;
    }
}
