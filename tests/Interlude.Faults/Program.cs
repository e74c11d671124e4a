using System.Diagnostics;
using Interlude.Faults;

// The fault suite (scripts/faults.sh): one API and two workers of the real executable on the run's
// private RabbitMQ and PostgreSQL; threads in flight while each fault is injected in turn; after each,
// every thread must reach the end its answers imply, nothing acknowledged lost or applied twice.
var quick = args.Contains("--quick");
var perRound = quick ? 24 : 300;

// Outages far past every in-process retry budget (a thread message's retries span 2 s): a process must
// wait the server out with back-off, not park what it was handling.
var outage = quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(120);
var logs = Environment.GetEnvironmentVariable("INTERLUDE_FAULTS_LOGS") ?? Path.GetTempPath();
Directory.CreateDirectory(logs);

await using var deployment = new Deployment(logs);
var bus = new Bus(deployment.Prefix);

// Workers first on the fresh virtual host: they declare the queues the API publishes to.
foreach (var worker in deployment.Workers)
{
    await deployment.Start(worker);
}

if (!await deployment.WaitReady(TimeSpan.FromSeconds(120)))
{
    return Fail("the workers did not start");
}

await deployment.Start(deployment.Api);
if (!await deployment.WaitReady(TimeSpan.FromSeconds(120)))
{
    return Fail("the deployment did not become ready");
}

await Hostile.Observe(deployment.Prefix);

Dictionary<string, long> hostileBaseline = [];
List<string> injectionNotes = [];
List<string> hostileTargets = [];

// An outage round holds the answers until the server is down (Outage opens the gate).
TaskCompletionSource answerGate = new();
var faults = new (string Name, Func<Task> Inject)[]
{
    ("kill -9 worker 1", () => Restart(deployment.Workers[0], TimeSpan.FromSeconds(2))),
    ("kill -9 worker 2", () => Restart(deployment.Workers[1], TimeSpan.FromSeconds(2))),
    ("kill -9 API", () => Restart(deployment.Api, TimeSpan.FromSeconds(1))),
    ("RabbitMQ restart", async () => await Services.Run("restart-rabbitmq", "3")),
    ("PostgreSQL restart", async () => await Services.Run("restart-postgres")),
    ($"RabbitMQ down {outage.TotalSeconds:F0} s", () => Outage("restart-rabbitmq", Services.RabbitPort, deployment.All)),
    ($"PostgreSQL down {outage.TotalSeconds:F0} s", () => Outage("restart-postgres", Services.PostgresPort, deployment.Workers)),
    ("deadline passes, workers down", WorkersDownPastDeadline),
    ("malformed messages", PublishHostile),
};

var rows = new List<string[]>();
var failures = new List<string>();
var (lostTotal, duplicatedTotal, stuckTotal) = (0, 0, 0);
for (var round = 0; round < faults.Length; round++)
{
    var (name, inject) = faults[round];
    var isOutage = name.Contains(" down ", StringComparison.Ordinal);
    answerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var workload = new Workload(deployment, bus, $"{deployment.Prefix}r{round}", perRound, timeoutSeconds: 8, isOutage ? answerGate.Task : null);
    using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4) + outage);
    var drive = workload.Drive(cancel.Token);

    // Mid-flight: starts issued, side-effect charges and first answers running; an outage once every
    // answered thread paused, its answers held for the outage.
    if (isOutage)
    {
        await Task.WhenAny(workload.AllPaused, drive, Task.Delay(TimeSpan.FromMinutes(2)));
        if (!workload.AllPaused.IsCompleted)
        {
            injectionNotes.Add("the threads did not all pause within 2 min before the outage");
        }
    }
    else
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
    }

    await inject();
    var ended = Stopwatch.StartNew();

    var notes = new List<string>(injectionNotes);
    injectionNotes.Clear();
    if (!await deployment.WaitReady(TimeSpan.FromSeconds(90)))
    {
        notes.Add("not ready 90 s after the fault");
    }

    try
    {
        await drive;
    }
    catch (OperationCanceledException)
    {
        notes.Add("the client could not finish its requests within 4 min of the outage");
    }

    // A thread still running a lease after the fault (plus the timed threads' deadline and a margin for
    // a loaded machine) counts as stuck.
    var recovered = await workload.WaitEnded(Deployment.TaskLease + TimeSpan.FromSeconds(40));
    var verdict = await workload.Check();
    if (name == "malformed messages")
    {
        notes.AddRange(await HostileOutcome());
    }

    notes.AddRange(deployment.Exited().Select(m => $"{m.Name} exited on its own"));
    var recovery = recovered is null ? "-" : $"{ended.Elapsed.TotalSeconds:F1} s";
    rows.Add([name, workload.InFlight.ToString(), verdict.Lost.Count.ToString(), verdict.Duplicated.Count.ToString(), verdict.Stuck.Count.ToString(), recovery]);
    (lostTotal, duplicatedTotal, stuckTotal) = (lostTotal + verdict.Lost.Count, duplicatedTotal + verdict.Duplicated.Count, stuckTotal + verdict.Stuck.Count);
    failures.AddRange(verdict.Lost.Concat(verdict.Duplicated).Concat(verdict.Stuck).Concat(notes).Take(20).Select(n => $"{name}: {n}"));
    Console.Error.WriteLine($"faults: {name} done ({string.Join(" | ", rows[^1])})");
}

foreach (var failure in failures)
{
    Console.WriteLine("  " + failure);
}

Console.WriteLine();
Console.WriteLine("| fault | threads in flight | lost | duplicated | stuck | recovery time |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var row in rows)
{
    Console.WriteLine("| " + string.Join(" | ", row) + " |");
}

Console.WriteLine($"faults: {faults.Length} injected, {lostTotal} lost, {duplicatedTotal} duplicated, {stuckTotal} stuck");
return failures.Count == 0 ? 0 : 1;

async Task Restart(Deployment.Member member, TimeSpan down)
{
    await Deployment.Kill(member);
    await Task.Delay(down);
    await deployment.Start(member);
}

// The server stays down for the whole outage, and the held answers go out meanwhile (over HTTP and on the
// bus, each retried by its client until it is acknowledged); halfway through, every process that needs the
// server must say so on /health (not ready), and be ready again after.
async Task Outage(string command, int port, IEnumerable<Deployment.Member> dependents)
{
    var down = Services.Run(command, $"{outage.TotalSeconds:F0}");
    var since = Stopwatch.StartNew();
    if (!await Services.WaitRefused(port, outage / 2))
    {
        injectionNotes.Add($"port {port} still took connections {outage.TotalSeconds / 2:F0} s into the outage");
    }

    answerGate.TrySetResult();
    var halfway = outage / 2 - since.Elapsed;
    if (halfway > TimeSpan.Zero)
    {
        await Task.Delay(halfway);
    }

    foreach (var member in dependents)
    {
        if (await deployment.IsReady(member))
        {
            injectionNotes.Add($"{member.Name} reported ready while its server was down");
        }
    }

    await down;
}

async Task WorkersDownPastDeadline()
{
    foreach (var worker in deployment.Workers)
    {
        await Deployment.Kill(worker);
    }

    // The timed threads' deadline (8 s from their start) passes while no worker runs.
    await Task.Delay(TimeSpan.FromSeconds(10));
    foreach (var worker in deployment.Workers)
    {
        await deployment.Start(worker);
    }
}

async Task PublishHostile()
{
    var before = await Hostile.Queues();
    hostileBaseline = before;
    hostileTargets = before.Keys.Where(q => q.StartsWith(deployment.Prefix, StringComparison.Ordinal) && !Hostile.IsParking(q)).ToList();
    foreach (var queue in hostileTargets)
    {
        foreach (var (_, body, type) in Hostile.Messages(deployment.Prefix))
        {
            await bus.PublishRaw(queue, body, type);
        }
    }
}

async Task<List<string>> HostileOutcome()
{
    var sent = hostileTargets.Count * Hostile.Messages(deployment.Prefix).Count;
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
    long accounted = 0;
    while (DateTime.UtcNow < deadline)
    {
        var now = await Hostile.Queues();
        var waiting = hostileTargets.Sum(q => now.GetValueOrDefault(q));
        accounted = now.Where(q => Hostile.IsParking(q.Key)).Sum(q => q.Value - hostileBaseline.GetValueOrDefault(q.Key))
            + Hostile.Rejections(now) - Hostile.Rejections(hostileBaseline);
        if (waiting == 0 && accounted >= sent)
        {
            return [];
        }

        await Task.Delay(500);
    }

    return [$"{sent} hostile messages to {hostileTargets.Count} queues, only {accounted} parked or rejected"];
}

static int Fail(string why)
{
    Console.WriteLine($"faults: ERROR: {why}");
    return 1;
}
