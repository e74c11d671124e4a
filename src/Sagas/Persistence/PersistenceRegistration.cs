using Interlude.Sagas.Persistence.Outbox;
using Interlude.Sagas.Scheduling;
using Interlude.Sagas.Threads;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude.Sagas.Persistence;

/// <summary>Registers the thread database: DbContext, journal, scheduled messages, outbox delivery, sweeper and recovery.</summary>
public static class PersistenceRegistration
{
    public static IServiceCollection AddThreadDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString, ThreadStorageOptions? options = null)
    {
        options ??= new ThreadStorageOptions { Durable = true };
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<InterludeDbContext, SqliteInterludeDbContext>(o => DatabaseProviders.Configure(o, provider, connectionString));
        }
        else
        {
            services.AddDbContext<InterludeDbContext, PostgresInterludeDbContext>(o => DatabaseProviders.Configure(o, provider, connectionString));
        }

        services.Replace(ServiceDescriptor.Singleton(options));
        services.Replace(ServiceDescriptor.Scoped<IThreadJournal, EfThreadJournal>());
        services.TryAddSingleton<OutboxDelivery>();
        services.TryAddSingleton<DeliveredOutboxRows>();
        services.Replace(ServiceDescriptor.Scoped<IScheduledMessageStore, EfScheduledMessageStore>());
        services.AddHostedService<OutboxSweeper>();
        services.AddHostedService<OutboxCleaner>();
        if (options.RecoverLostTasks)
        {
            services.AddHostedService<ThreadRecovery>();
        }

        return services;
    }

    /// <summary>The thread saga on the database repository.</summary>
    public static void UseThreadDatabase(this ISagaRegistrationConfigurator<GraphThreadState> saga) =>
        saga.Repository(repository =>
        {
            repository.RegisterSagaRepository<GraphThreadState, InterludeDbContext, SagaConsumeContextFactory<InterludeDbContext, GraphThreadState>, EfSagaRepositoryContextFactory>();
            repository.RegisterQuerySagaRepository<GraphThreadState, EfSagaRepositoryContextFactory>();
            repository.RegisterLoadSagaRepository<GraphThreadState, EfSagaRepositoryContextFactory>();
        });

    /// <summary>
    /// Creates the schema or upgrades it to the latest migration. On PostgreSQL several processes may
    /// start together (scale-out workers): an advisory lock lets one migrate while the others wait,
    /// then find nothing left to apply.
    /// </summary>
    public static async Task MigrateThreadDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InterludeDbContext>();
        if (db is not PostgresInterludeDbContext)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Closing the connection returns it to the pool, where a session lock would outlive us: unlock first.
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>An arbitrary constant naming Interlude's migration lock among advisory locks.</summary>
    private const long MigrationLockKey = 0x496e746572_6c7564;

    /// <summary>Puts the inbox/outbox transaction in front of the thread saga's messages.</summary>
    internal static void UseThreadTransactions(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.ConnectSagaConfigurationObserver(new ThreadTransactionObserver(context));
}
