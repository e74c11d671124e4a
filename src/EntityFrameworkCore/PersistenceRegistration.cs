using Interlude;
using Interlude.EntityFrameworkCore;
using Interlude.EntityFrameworkCore.Outbox;
using Interlude.Sagas.Persistence;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Threads;
using Interlude.Sagas.Threads.Commands;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The thread database on EF Core, as each database package's <c>Use...</c> registers it; and migrating it by hand.</summary>
public static class PersistenceRegistration
{
    /// <summary>Threads, the interrupt inbox, the outbox and the schedule in <typeparamref name="TContext"/>'s database.</summary>
    internal static InterludeBuilder UseDatabase<TContext>(this InterludeBuilder builder, Func<IServiceProvider, IDatabaseDialect> dialect, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : InterludeDbContext
    {
        var services = builder.Services;
        // Pooled: a context is taken per message; its options are built once, not per message.
        services.AddDbContextPool<InterludeDbContext, TContext>((provider, options) =>
        {
            configure(provider, options);

            // Migrations are written by hand (no design-time package), so there is no model snapshot to compare.
            // Every command the saga, the scheduler and the cleaners run would be an Information line: an idle
            // host would write a line a second. Debug keeps them for whoever asks.
            options.ConfigureWarnings(w => w
                .Ignore(RelationalEventId.PendingModelChangesWarning)
                .Log((RelationalEventId.CommandExecuted, LogLevel.Debug)));
        });
        services.AddSingleton(dialect);
        services.AddSingleton<IThreadStore, EfThreadStore>();
        services.AddScoped<IThreadJournal, EfThreadJournal>();
        services.AddScoped<IScheduledMessageStore, EfScheduledMessageStore>();
        services.TryAddScoped<EfCommandLedger>();
        services.AddScoped<ICommandLedger>(provider => provider.GetRequiredService<EfCommandLedger>());
        services.TryAddScoped<ISagaConsumeContextFactory<InterludeDbContext, GraphThreadState>, SagaConsumeContextFactory<InterludeDbContext, GraphThreadState>>();
        services.TryAddScoped<EfSagaRepositoryContextFactory>();
        services.TryAddScoped<ThreadWriteBatch>();
        services.TryAddSingleton<CompiledQueries>();
        services.TryAddSingleton<DeliveredOutboxRows>();
        services.TryAddSingleton<OutboxRelay>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddHostedService<MissingGraphVersionsReport>();
        services.AddHostedService<OutboxSweeper>();
        services.AddHostedService<OutboxCleaner>();
        services.AddHostedService<ThreadRecovery>();
        return builder;
    }

    /// <summary>
    /// Creates Interlude's schema or upgrades it to the latest migration. The host does this at start-up
    /// unless <c>Interlude:Database:MigrateOnStart</c> is false; several hosts may start together.
    /// </summary>
    public static async Task MigrateInterludeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        await scope.ServiceProvider.GetRequiredService<IDatabaseDialect>().MigrateAsync(db, cancellationToken);
    }

    /// <summary>Puts the inbox/outbox transaction in front of the thread saga's messages.</summary>
    internal static void UseThreadTransactions(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.ConnectSagaConfigurationObserver(new ThreadTransactionObserver(context));
}
