using System.Diagnostics;
using System.Text.Json;
using Interlude.Workers.Cli;

namespace Interlude.Workers.Tests;

/// <summary>The real executable serving on a loopback port and a SQLite file of its own, shared by the CLI tests.</summary>
public sealed class CliHostFixture : IAsyncLifetime
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"interlude-cli-{Guid.NewGuid():N}.db");

    public ServeProcess Host { get; private set; } = null!;

    public string Url => Host.Http.BaseAddress!.ToString();

    public async Task InitializeAsync() => Host = await ServeProcess.StartAsync(database, "--Interlude:Api:WaitSeconds=30");

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>The client verbs (start, resume, state, history, pending, cancel, update, replay, extend), run in-process against a running host.</summary>
public sealed class CliTests(CliHostFixture fixture) : IClassFixture<CliHostFixture>
{
    [Fact]
    public async Task Start_Resume_State_History_ApprovalThreadEndToEnd()
    {
        var id = InterludeHarness.NewThreadId("cli");

        var started = await Run("start", "approval", "--input", """{"action_details":"refund","status":"pending"}""", "--thread-id", id);
        var resumed = await Run("resume", id, "--value", "true");
        var state = await Run("state", id);
        var history = await Run("history", id);

        Assert.Equal(CliApp.Ok, started.Code);
        Assert.Contains("\n  \"threadId\": ", started.Out, StringComparison.Ordinal); // indented
        Assert.Equal("interrupted", started.Json.GetProperty("status").GetString());
        Assert.Equal(CliApp.Ok, resumed.Code);
        Assert.Equal("completed", resumed.Json.GetProperty("status").GetString());
        Assert.Equal("approved", state.Json.GetProperty("values").GetProperty("status").GetString());
        Assert.True(history.Json.GetArrayLength() >= 2);
        Assert.Equal(state.Json.GetProperty("checkpointId").GetString(), history.Json[0].GetProperty("checkpointId").GetString());
    }

    [Fact]
    public async Task Resume_Map_AnswersBothParallelInterrupts()
    {
        var id = InterludeHarness.NewThreadId("cli-par");
        var started = await Run("start", "parallel", $"--thread-id={id}");
        var ids = started.Json.GetProperty("interrupts").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();

        var resumed = await Run("resume", id, "--map", $$"""{"{{ids[0]}}":"x","{{ids[1]}}":"y"}""");

        Assert.Equal(CliApp.Ok, resumed.Code);
        Assert.Equal("completed", resumed.Json.GetProperty("status").GetString());
        Assert.Equal(2, resumed.Json.GetProperty("values").GetProperty("vals").GetArrayLength());
    }

    [Fact]
    public async Task Pending_ListsOpenInterrupts_FilteredByGraph()
    {
        var id = InterludeHarness.NewThreadId("cli-pending");
        await Run("start", "review-edit", "--thread-id", id, "--input", """{"generated_text":"draft"}""");

        var all = await Run("pending");
        var reviews = await Run("pending", "--graph", "review-edit");
        var none = await Run("pending", "--graph", "no-such-graph");

        Assert.Contains(all.Json.EnumerateArray(), i => i.GetProperty("threadId").GetString() == id);
        Assert.All(reviews.Json.EnumerateArray(), i => Assert.Equal("review-edit", i.GetProperty("graph").GetString()));
        Assert.Contains(reviews.Json.EnumerateArray(), i => i.GetProperty("threadId").GetString() == id);
        Assert.Equal(0, none.Json.GetArrayLength());
    }

    [Theory]
    [InlineData("invalid-answer", "resume", "{id}", "--value", "\"yes\"")]
    [InlineData("thread-not-found", "state", "no-such-thread")]
    [InlineData("thread-not-found", "history", "no-such-thread")]
    [InlineData("graph-not-found", "start", "no-such-graph")]
    [InlineData("malformed", "start", "approval", "--input", "[1]")]
    [InlineData("ambiguous", "resume", "{parallel}", "--value", "1")]
    public async Task Refused_ExitsWith1_AndPrintsTheReasonAndDetail(string reason, params string[] args)
    {
        var id = InterludeHarness.NewThreadId("cli-refused");
        var parallel = InterludeHarness.NewThreadId("cli-refused-par");
        await Run("start", "approval", "--thread-id", id, "--input", """{"action_details":"x","status":"pending"}""");
        await Run("start", "parallel", "--thread-id", parallel);

        var result = await Run([.. args.Select(a => a.Replace("{id}", id, StringComparison.Ordinal).Replace("{parallel}", parallel, StringComparison.Ordinal))]);

        Assert.Equal(CliApp.Refused, result.Code);
        Assert.Equal("", result.Out);
        Assert.Matches($"^error: [0-9]{{3}} {reason}: .+", result.Err);
    }

    [Fact]
    public async Task Start_ExistingThreadId_IsRefusedWithThreadExists()
    {
        var id = InterludeHarness.NewThreadId("cli-twice");
        await Run("start", "approval", "--thread-id", id);

        var again = await Run("start", "approval", "--thread-id", id);

        Assert.Equal(CliApp.Refused, again.Code);
        Assert.StartsWith("error: 409 thread-exists: ", again.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("start", "approval", "extra")]
    [InlineData("start", "approval", "--input", "{nope")]
    [InlineData("start", "approval", "--colour", "red")]
    [InlineData("start", "approval", "--input")]
    [InlineData("resume", "t1")]
    [InlineData("resume", "t1", "--value", "true", "--map", "{}")]
    [InlineData("resume", "t1", "--map", "[]")]
    [InlineData("state")]
    [InlineData("pending", "approval")]
    [InlineData("state", "t1", "--url", "not a url")]
    [InlineData("state", "t1", "--by", "x")]
    [InlineData("resume", "t1", "--value", "true", "--by", "ann")]
    [InlineData("cancel", "t1", "--by", "ann")]
    [InlineData("extend", "t1", "i1", "--by-seconds", "60", "--by", "ann")]
    public async Task UsageError_ExitsWith2_SendsNothing_AndShowsTheVerbsHelp(params string[] args)
    {
        // The URL points nowhere: a usage error must be found before anything is sent (else the exit would be 3).
        var result = await RunAt("http://127.0.0.1:1", args);

        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.StartsWith("error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains($"Interlude.Workers {args[0]} ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start", "--thread-id ID")]
    [InlineData("resume", "(--value JSON | --map JSON)")]
    [InlineData("state", "state <threadId>")]
    [InlineData("history", "history <threadId>")]
    [InlineData("pending", "[--graph G]")]
    public async Task Help_OnEachVerb_PrintsItsUsageAndExits0(string verb, string expected)
    {
        var result = await RunAt("http://127.0.0.1:1", verb, "--help");

        Assert.Equal(CliApp.Ok, result.Code);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.Contains("INTERLUDE_URL", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_ExitsWith3()
    {
        var result = await RunAt($"http://127.0.0.1:{ServeProcess.FreePort()}", "state", "t1");

        Assert.Equal(CliApp.Unreachable, result.Code);
        Assert.StartsWith("error: cannot reach the Interlude host at http://127.0.0.1:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_FromTheOptionOrInterludeApiKey_IsSentAsXApiKey_AndTheHostNamesTheCaller()
    {
        var database = Path.Combine(Path.GetTempPath(), $"interlude-cli-keys-{Guid.NewGuid():N}.db");
        var host = await ServeProcess.StartAsync(database, "--Interlude:Auth:ApiKeys:ann:Key=ann-key", "--Interlude:Auth:ApiKeys:ann:Roles=starter,reader");
        try
        {
            await RunWithKeys(host);
        }
        finally
        {
            await host.DisposeAsync();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task RunWithKeys(ServeProcess host)
    {
        var url = host.Http.BaseAddress!.ToString();
        var id = InterludeHarness.NewThreadId("cli-key");
        Task<int> Cli(string verb, Func<string, string?> environment, StringWriter stdout, StringWriter stderr, params string[] args) =>
            CliApp.RunAsync(verb, [.. args, "--url", url], stdout, stderr, environment);

        var (refusedOut, refusedErr) = (new StringWriter(), new StringWriter());
        var refused = await Cli("start", _ => null, refusedOut, refusedErr, "approval", "--thread-id", id);
        var (startOut, startErr) = (new StringWriter(), new StringWriter());
        var started = await Cli("start", _ => null, startOut, startErr, "approval", "--thread-id", id, "--api-key", "ann-key");
        var (stateOut, stateErr) = (new StringWriter(), new StringWriter());
        var read = await Cli("state", name => name == "INTERLUDE_API_KEY" ? "ann-key" : null, stateOut, stateErr, id);

        Assert.Equal(CliApp.Refused, refused);
        Assert.StartsWith("error: 401 unauthenticated:", refusedErr.ToString(), StringComparison.Ordinal);
        Assert.True(started == CliApp.Ok, startErr.ToString());
        Assert.True(read == CliApp.Ok, stateErr.ToString());
        Assert.Equal("ann", JsonDocument.Parse(stateOut.ToString()).RootElement.GetProperty("startedBy").GetString());
    }

    [Fact]
    public async Task Url_FromInterludeUrl_WhenNoOption()
    {
        var id = InterludeHarness.NewThreadId("cli-env");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync("start", ["approval", "--thread-id", id], stdout, stderr, name => name == "INTERLUDE_URL" ? fixture.Url : null);

        Assert.True(code == CliApp.Ok, stderr.ToString());
        Assert.Equal(id, JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("threadId").GetString());
    }

    [Fact]
    public async Task Executable_RunsTheVerbs_WithTheirExitCodes()
    {
        var id = InterludeHarness.NewThreadId("cli-exe");

        var start = await Exe("start", "approval", "--thread-id", id, "--url", fixture.Url);
        var state = await Exe("state", id, "--url", fixture.Url);
        var missing = await Exe("state", "no-such-thread", "--url", fixture.Url);
        var usage = await Exe("frobnicate");
        var help = await Exe("--help");

        Assert.Equal(0, start.Code);
        Assert.Equal("interrupted", JsonDocument.Parse(state.Out).RootElement.GetProperty("status").GetString());
        Assert.Equal((1, ""), (missing.Code, missing.Out));
        Assert.StartsWith("error: 404 thread-not-found: ", missing.Err, StringComparison.Ordinal);
        Assert.Equal(2, usage.Code);
        Assert.Equal(0, help.Code);
        Assert.Contains("pending [--graph G]", help.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_PausedThread_IsCancelledWithTheReason_AndACancelOfTheFinishedThreadIsRefused()
    {
        var id = InterludeHarness.NewThreadId("cli-cancel");
        await Run("start", "approval", "--thread-id", id, "--input", """{"action_details":"refund","status":"pending"}""");

        var cancelled = await Run("cancel", id, "--reason=nobody needs it");
        var again = await Run("cancel", id);

        Assert.Equal(CliApp.Ok, cancelled.Code);
        Assert.Equal("cancelled", cancelled.Json.GetProperty("status").GetString());
        Assert.Equal("nobody needs it", cancelled.Json.GetProperty("cancelReason").GetString());
        Assert.Equal((CliApp.Refused, ""), (again.Code, again.Out));
        Assert.StartsWith("error: 409 already-finished: ", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WritesTheValues_AsANodeToo_AndAnUnknownNodeIsRefused()
    {
        var id = InterludeHarness.NewThreadId("cli-update");
        var asNode = InterludeHarness.NewThreadId("cli-update-node");
        await Run("start", "approval", "--thread-id", id, "--input", """{"action_details":"deploy","status":"pending"}""");
        await Run("start", "approval", "--thread-id", asNode, "--input", """{"action_details":"deploy","status":"pending"}""");

        var updated = await Run("update", id, "--values", """{"action_details":"deploy v3"}""");
        var unknown = await Run("update", id, "--values", """{"status":"x"}""", "--as-node", "no-such-node");
        var byNode = await Run("update", asNode, "--values={\"status\":\"approved by hand\"}", "--as-node=approval");

        Assert.Equal(CliApp.Ok, updated.Code);
        Assert.Equal("deploy v3", updated.Json.GetProperty("values").GetProperty("action_details").GetString());
        Assert.Equal("interrupted", updated.Json.GetProperty("status").GetString());
        Assert.Equal((CliApp.Refused, ""), (unknown.Code, unknown.Out));
        Assert.StartsWith("error: 400 unknown-node: ", unknown.Err, StringComparison.Ordinal);
        Assert.Equal("completed", byNode.Json.GetProperty("status").GetString());
        Assert.Equal("approved by hand", byNode.Json.GetProperty("metadata").GetProperty("writes").GetProperty("approval").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Replay_ForksFromACheckpointOfTheHistory_AndAnUnknownCheckpointIsRefused()
    {
        var id = InterludeHarness.NewThreadId("cli-replay");
        var started = await Run("start", "approval", "--thread-id", id, "--input", """{"action_details":"deploy","status":"pending"}""");
        await Run("resume", id, "--value", "true");
        var checkpoint = started.Json.GetProperty("checkpointId").GetString()!;

        var replayed = await Run("replay", id, $"--checkpoint={checkpoint}");
        var unknown = await Run("replay", id, "--checkpoint", "0123456789abcdef0123456789abcdef");

        Assert.Equal(CliApp.Ok, replayed.Code);
        Assert.Equal("interrupted", replayed.Json.GetProperty("status").GetString());
        Assert.Equal("fork", replayed.Json.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal(checkpoint, replayed.Json.GetProperty("parentCheckpointId").GetString());
        Assert.Equal((CliApp.Refused, ""), (unknown.Code, unknown.Out));
        Assert.StartsWith("error: 404 checkpoint-not-found: ", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_BySecondsOrUntilATime_MovesTheDeadline_AndAnUnknownInterruptIsRefused()
    {
        var id = InterludeHarness.NewThreadId("cli-extend");
        var started = await Run("start", "timed-approval", "--thread-id", id, "--input", """{"action_details":"deploy","status":"pending","timeout_seconds":3600}""");
        var interrupt = started.Json.GetProperty("interrupts")[0];
        var interruptId = interrupt.GetProperty("id").GetString()!;
        var expiresAt = interrupt.GetProperty("expiresAt").GetDateTimeOffset();

        var at = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(30).Date, TimeSpan.Zero);

        var later = await Run("extend", id, interruptId, "--by-seconds", "1800");
        var until = await Run("extend", id, interruptId, $"--until={at:yyyy-MM-ddTHH:mm:ssZ}");
        var unknown = await Run("extend", id, new string('0', 32), "--by-seconds", "60");

        Assert.Equal(CliApp.Ok, later.Code);
        Assert.Equal(expiresAt.AddSeconds(1800), later.Json.GetProperty("interrupts")[0].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(at, until.Json.GetProperty("interrupts")[0].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal((CliApp.Refused, ""), (unknown.Code, unknown.Out));
        Assert.StartsWith("error: 409 unknown-interrupt: ", unknown.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("cancel", "t1", "--colour", "red")]
    [InlineData("cancel", "t1", "--value", "1")]
    [InlineData("cancel", "t1", "t2")]
    [InlineData("update", "t1")]
    [InlineData("update", "t1", "--values", "[1]")]
    [InlineData("update", "t1", "--values", "{nope")]
    [InlineData("update", "t1", "--values", "{}", "--as-node")]
    [InlineData("replay", "t1")]
    [InlineData("replay", "t1", "--checkpoint")]
    [InlineData("replay", "t1", "--checkpoint", "a", "--checkpoint", "b")]
    [InlineData("extend", "t1")]
    [InlineData("extend", "t1", "i1")]
    [InlineData("extend", "t1", "i1", "--by-seconds", "60", "--until", "2099-01-01T00:00:00Z")]
    [InlineData("extend", "t1", "i1", "--by-seconds", "0")]
    [InlineData("extend", "t1", "i1", "--by-seconds", "soon")]
    [InlineData("extend", "t1", "i1", "--until", "tomorrow")]
    [InlineData("extend", "t1", "i1", "--by-seconds=60", "--reason", "x")]
    public async Task UsageError_OnTheNewVerbs_ExitsWith2_SendsNothing_AndShowsTheVerbsHelp(params string[] args)
    {
        var result = await RunAt("http://127.0.0.1:1", args);

        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains($"Interlude.Workers {args[0]} ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageError_UnknownVerb_ExitsWith2_AndShowsTheVerbs()
    {
        var result = await RunAt("http://127.0.0.1:1", "frobnicate", "t1");

        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.StartsWith("error: Unknown verb 'frobnicate'.", result.Err, StringComparison.Ordinal);
        Assert.Contains("extend <threadId> <interruptId>", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageError_ABadInterludeUrl_ExitsWith2()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync("state", ["t1"], new StringWriter(), stderr, name => name == "INTERLUDE_URL" ? "not a url" : null);

        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith("error: 'not a url' is not an http:// or https:// URL.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cancel", "cancel <threadId> [--reason TEXT]")]
    [InlineData("update", "update <threadId> --values JSON [--as-node NODE]")]
    [InlineData("replay", "replay <threadId> --checkpoint ID")]
    [InlineData("extend", "extend <threadId> <interruptId> (--by-seconds N | --until ISO-TIME)")]
    public async Task Help_OnEachNewVerb_PrintsItsUsageAndOptions_AndExits0(string verb, string expected)
    {
        var result = await RunAt("http://127.0.0.1:1", verb, "--help");
        var shortForm = await RunAt("http://127.0.0.1:1", verb, "t1", "-h");

        Assert.Equal(CliApp.Ok, result.Code);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.Contains("INTERLUDE_URL", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done, 1 refused by the host, 2 usage error, 3 host unreachable.", result.Out, StringComparison.Ordinal);
        Assert.Equal((CliApp.Ok, result.Out), (shortForm.Code, shortForm.Out));
    }

    [Fact]
    public void Help_OnTheRoot_ListsEveryVerb()
    {
        foreach (var verb in new[] { "serve", "start", "resume", "state", "history", "pending", "cancel", "update", "replay", "extend" })
        {
            Assert.Contains($"\n  {verb} ", Program.Usage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_TakesItsArgumentsUnparsed_AsTheHostsConfiguration()
    {
        // Unknown to the CLI, these reach the host's configuration, which refuses the transport (exit 2, its own message).
        var byDefault = await Exe("--Interlude:Transport", "Kafka");
        var named = await Exe("serve", "--Interlude:Transport=Kafka", "--urls", "http://127.0.0.1:1");

        Assert.Equal(2, byDefault.Code);
        Assert.Contains("Interlude:Transport is 'Kafka'", byDefault.Err, StringComparison.Ordinal);
        Assert.Equal(2, named.Code);
        Assert.Contains("Interlude:Transport is 'Kafka'", named.Err, StringComparison.Ordinal);
    }

    private Task<CliResult> Run(params string[] args) => RunAt(fixture.Url, args);

    private static async Task<CliResult> RunAt(string url, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args[0], [.. args[1..], "--url", url], stdout, stderr, _ => null);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<CliResult> Exe(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["INTERLUDE_URL"] = null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private sealed record CliResult(int Code, string Out, string Err)
    {
        public JsonElement Json => Code == 0 ? JsonDocument.Parse(Out).RootElement.Clone() : throw new InvalidOperationException($"exit {Code}: {Err}");
    }
}
