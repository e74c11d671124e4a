using Interlude;
using Interlude.Graph;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Registration;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Threads;
using Interlude.Sagas.Threads.Commands;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Interlude in a service collection; the bus side is <c>x.AddInterlude()</c> inside <c>AddMassTransit</c>.</summary>
public static class InterludeServiceCollectionExtensions
{
    /// <summary>
    /// Adds Interlude's runtime: the graphs, the store (<c>UseSqlite</c>, <c>UsePostgreSql</c>, <c>UseSqlServer</c>, else in
    /// memory), the scheduler, <see cref="Interlude.Client.IGraphClient"/> and the options, bound from the
    /// <c>Interlude</c> configuration section and validated at start.
    /// </summary>
    public static IServiceCollection AddInterlude(this IServiceCollection services, Action<InterludeBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new InterludeBuilder(services));

        // Defaults after the builder ran, so that a store's Use... call wins whatever its order.
        services.AddOptions<InterludeOptions>().BindConfiguration(InterludeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InterludeOptions>, InterludeOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new GraphCatalog(provider.GetServices<GraphRegistration>().Select(g => g.Build(provider))));
        services.TryAddSingleton<ThreadRuntime>();
        services.TryAddSingleton(new ThreadEndpoints());
        services.TryAddSingleton<IThreadStore, InMemoryThreadStore>();
        services.TryAddSingleton<IThreadJournal, InMemoryThreadJournal>();
        services.TryAddSingleton<ICommandLedger, InMemoryCommandLedger>();
        services.TryAddSingleton<IdempotencyKeyRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencyKeyRetention>());
        services.TryAddSingleton<ThreadRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<ThreadRetention>());
        services.AddThreadScheduler();
        services.AddInterludeClient();
        return services;
    }
}
