using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Interlude.Bench;
using Interlude.Client;
using Interlude;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Starts N threads of a 3-node approval graph to their interrupt, then resumes them to completion,
// with C calls in flight, after W warm-up cycles; prints threads/s, resumes/s, full cycles/s, saga
// transactions/s and peak RSS.
var options = BenchOptions.Parse(args);
Action<InterludeBuilder> useStore = options.Store switch
{
    "memory" => _ => { },
    "sqlite" => interlude => interlude.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"interlude-bench-{Guid.NewGuid():N}.db")}"),
    "postgres" => interlude => interlude.UsePostgreSql(options.Connection ?? throw new ArgumentException("--connection (or INTERLUDE_TEST_POSTGRES) is required for postgres")),
    _ => throw new ArgumentException($"Unknown store '{options.Store}': memory, sqlite or postgres."),
};

var counter = new SagaTransactionCounter();
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var services = builder.Services;
services.AddInterlude(interlude =>
{
    interlude.AddGraph(BenchGraph.Build());
    useStore(interlude);
});
services.Configure<GraphClientOptions>(o => o.WaitSeconds = 120);
services.AddMassTransit(bus =>
{
    bus.AddInterlude();
    bus.AddConsumeObserver(_ => counter);
    bus.UsingInMemory((context, transport) =>
    {
        transport.ConcurrentMessageLimit = Environment.ProcessorCount * 4;
        transport.ConfigureEndpoints(context);
    });
});
using var host = builder.Build();

// A host, so the migrations, the outbox cleaner and the sweeper run as they do in the service.
await host.StartAsync();
var client = host.Services.GetRequiredService<IGraphClient>();
var run = Guid.NewGuid().ToString("N")[..8];

await Cycles(client, $"warm-{run}", options.Warmup, options.Concurrency);
var transactionsBefore = counter.Count;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var ids = Enumerable.Range(0, options.Threads).Select(i => $"b-{run}-{i}").ToArray();
var started = await Timed(() => ForEach(ids, options.Concurrency, id => client.InvokeAsync("bench", new JsonObject(), id)));
var latencies = new double[ids.Length];
var resumed = await Timed(() => Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, cancellationToken) =>
{
    var clock = Stopwatch.StartNew();
    await client.ResumeAsync(ids[i], JsonValue.Create(true), cancellationToken: cancellationToken);
    latencies[i] = clock.Elapsed.TotalMilliseconds;
}));
var transactions = counter.Count - transactionsBefore;
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
await host.StopAsync();

var total = started + resumed;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store={options.Store} threads={options.Threads} concurrency={options.Concurrency} warmup={options.Warmup}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start->interrupt threads/s: {options.Threads / started.TotalSeconds:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resume->done resumes/s:    {options.Threads / resumed.TotalSeconds:F0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full cycles/s:             {options.Threads / total.TotalSeconds:F0}"));
Array.Sort(latencies);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resume latency ms:         p50 {Percentile(latencies, 0.50):F1}  p95 {Percentile(latencies, 0.95):F1}  p99 {Percentile(latencies, 0.99):F1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saga transactions/s:       {transactions / total.TotalSeconds:F0} ({transactions} in {total.TotalSeconds:F2} s)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ms per cycle:          {cpu.TotalMilliseconds / options.Threads:F2} (this process; steadier than cycles/s on a busy machine)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS MiB:              {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)}"));
return 0;

static async Task Cycles(IGraphClient client, string prefix, int count, int concurrency)
{
    var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
    await ForEach(ids, concurrency, id => client.InvokeAsync("bench", new JsonObject(), id));
    await ForEach(ids, concurrency, id => client.ResumeAsync(id, JsonValue.Create(true)));
}

// Nearest rank on sorted samples.
static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static async Task<TimeSpan> Timed(Func<Task> work)
{
    var clock = Stopwatch.StartNew();
    await work();
    return clock.Elapsed;
}

static Task ForEach(string[] ids, int concurrency, Func<string, Task> call) =>
    Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) => await call(id));
