using Interlude.Client;
using Interlude.Workers.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interlude.Bench;

/// <summary>
/// The benchmark's host, so that the migrations, the scheduler, the outbox cleaner and the sweeper run as
/// they do in the service: on the in-memory transport the chosen store with the benchmark graph; on RabbitMQ
/// the stock host's own registration in role <c>All</c> (<c>--workers 0</c>) or <c>Api</c> (the workers run the threads).
/// </summary>
internal static class BenchHost
{
    public static IHost Build(BenchOptions options, SagaTransactionCounter counter, IReadOnlyDictionary<string, string?>? deployment, string? schema)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        if (deployment is null)
        {
            services.AddInterlude(interlude =>
            {
                interlude.AddGraph(BenchGraph.Build());
                UseStore(interlude, options);
                if (schema is not null)
                {
                    interlude.Configure(o => o.Database.Schema = schema);
                }
            });
            services.AddMassTransit(bus =>
            {
                bus.AddInterlude();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.ConcurrentMessageLimit = Environment.ProcessorCount * 4;
                    transport.ConfigureEndpoints(context);
                });
            });
        }
        else
        {
            builder.Configuration.AddInMemoryCollection(deployment);
            builder.Configuration["Interlude:Role"] = options.Workers > 0 ? "Api" : "All";
            builder.AddInterludeHost();
        }

        services.AddConsumeObserver(_ => counter);
        services.Configure<GraphClientOptions>(o => o.WaitSeconds = 120);
        return builder.Build();
    }

    private static void UseStore(InterludeBuilder interlude, BenchOptions options)
    {
        switch (options.Store)
        {
            case "memory":
                break;
            case "sqlite":
                interlude.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"interlude-bench-{Guid.NewGuid():N}.db")}");
                break;
            case "postgres":
                interlude.UsePostgreSql(options.Connection ?? throw new ArgumentException("--connection (or INTERLUDE_TEST_POSTGRES) is required for postgres"));
                break;
            default:
                throw new ArgumentException($"Unknown store '{options.Store}': memory, sqlite or postgres.");
        }
    }
}
