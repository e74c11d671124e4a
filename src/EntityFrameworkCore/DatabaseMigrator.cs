using Interlude.Sagas.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Interlude.EntityFrameworkCore;

/// <summary>Migrates the thread database as the host starts, before any hosted service (the bus among them) starts, unless <see cref="DatabaseOptions.MigrateOnStart"/> is off.</summary>
internal sealed class DatabaseMigrator(IServiceProvider services, IOptions<InterludeOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) =>
        options.Value.Database.MigrateOnStart ? services.MigrateInterludeDatabaseAsync(cancellationToken) : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
