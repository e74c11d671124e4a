using System.Diagnostics;
using System.Globalization;
using Interlude.Bench;
using Interlude.Client;
using Microsoft.Extensions.DependencyInjection;

// Interlude's benchmark (bench/README.md): throughput of full approval cycles by default; --idle S for the
// CPU of an idle host; --paused N for RSS and resume latency with N threads paused on PostgreSQL. On
// --transport rabbitmq with --workers K, K worker processes of the real executable run the threads.
var options = BenchOptions.Parse(args);
var run = Guid.NewGuid().ToString("N")[..8];

// Paused threads get a schema of their own, so that exactly N threads are paused there.
var schema = options.Paused is not null ? $"bench_paused_{run}" : null;
var deployment = options.OnRabbitMq ? RabbitMqDeployment.Settings(options, $"bench-{run}-", schema) : null;

// Workers first: they declare the queues a command is published to.
await using var workers = deployment is null ? null : await WorkerProcesses.StartAsync(options.Workers, deployment);
var counter = new SagaTransactionCounter();
using var host = BenchHost.Build(options, counter, deployment, schema);
await host.StartAsync();
var cycles = new BenchCycles(host.Services.GetRequiredService<IGraphClient>(), BenchWorkload.For(options), options.Concurrency);
List<(string Name, Process Process)> processes = [("benchmark process", Process.GetCurrentProcess())];
processes.AddRange((workers?.All ?? []).Select((p, i) => ($"worker {i + 1}", p)));

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"store={options.Store} transport={options.Transport} workers={options.Workers} threads={options.Threads} concurrency={options.Concurrency} warmup={options.Warmup}"));
if (options.IdleSeconds is { } idle)
{
    await IdleRun.Run(idle, processes);
}
else if (options.Paused is { } paused)
{
    await PausedRun.Run(options, paused, cycles, processes, run);
}
else
{
    await ThroughputRun.Run(options, cycles, counter, run);
}

await host.StopAsync();
return 0;
