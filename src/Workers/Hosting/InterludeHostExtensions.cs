using Interlude.Graph;
using Interlude.Sagas.Client;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Threads;
using Interlude.Workers.Api.Events;
using Interlude.Workers.Nodes;
using Interlude.Workers.Samples;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Interlude.Workers.Hosting;

/// <summary>Registers the Interlude host: options, graphs, the bus with the saga and node workers, the client.</summary>
public static class InterludeHostExtensions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string DefaultConnectionString = "Data Source=interlude.db";

    /// <summary>Everything <c>serve</c> runs, configured from the <c>Interlude</c> section.</summary>
    public static WebApplicationBuilder AddInterlude(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var settings = builder.Configuration.GetSection(InterludeOptions.Section).Get<InterludeOptions>() ?? new InterludeOptions();
        builder.Services.AddInterludeServices(SampleGraphs.All);
        builder.Services.AddThreadDatabase(
            settings.Database.Provider,
            builder.Configuration.GetConnectionString("Interlude") ?? DefaultConnectionString,
            new ThreadStorageOptions { Durable = true, RecoverLostTasks = settings.Transport == "InMemory", TaskLease = settings.Database.TaskLease });
        builder.Services.AddOptions<InterludeOptions>()
            .BindConfiguration(InterludeOptions.Section)
            .Validate(o => o.Transport == "InMemory", "Interlude:Transport must be InMemory.")
            .Validate(o => o.Role == "All", "Interlude:Role must be All.")
            .Validate(o => o.Api.WaitSeconds > 0, "Interlude:Api:WaitSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddThreadEventHub();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddInterludeBus();
            bus.AddThreadEventStream();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
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

    /// <summary>The thread saga, the inbox query and the node workers on a bus.</summary>
    public static IBusRegistrationConfigurator AddInterludeBus(this IBusRegistrationConfigurator bus)
    {
        bus.AddGraphThreads();
        bus.AddConsumer<ExecuteNodeConsumer, ExecuteNodeConsumerDefinition>();
        return bus;
    }
}
