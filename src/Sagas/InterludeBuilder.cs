using Interlude.Graph;
using Interlude.Sagas.Registration;
using Interlude.Sagas.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude;

/// <summary>
/// What <c>services.AddInterlude(interlude => ...)</c> configures: the graphs this service runs, where
/// threads are stored (a database package's <c>Use...</c>; none: in memory) and the options.
/// </summary>
public sealed class InterludeBuilder
{
    internal InterludeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for the database packages' <c>Use...</c> extensions.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a compiled graph.</summary>
    public InterludeBuilder AddGraph(CompiledGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Services.AddSingleton(new GraphRegistration(_ => graph));
        return this;
    }

    /// <summary>Adds a graph that the container builds: <typeparamref name="TDefinition"/> is constructed with its dependencies, once.</summary>
    public InterludeBuilder AddGraph<TDefinition>()
        where TDefinition : class, IGraphDefinition
    {
        Services.TryAddTransient<TDefinition>();
        Services.AddSingleton(new GraphRegistration(provider => provider.GetRequiredService<TDefinition>().Build()));
        return this;
    }

    /// <summary>Changes the options after configuration binding (timings, retries, migrations).</summary>
    public InterludeBuilder Configure(Action<InterludeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Names the thread saga's and node workers' queues with <paramref name="prefix"/>, so several
    /// deployments can share one broker virtual host.
    /// </summary>
    public InterludeBuilder UseQueuePrefix(string prefix)
    {
        Services.AddSingleton(new ThreadEndpoints(prefix));
        return this;
    }
}
