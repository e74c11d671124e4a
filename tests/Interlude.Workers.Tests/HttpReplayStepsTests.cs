using System.Net;
using System.Text;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>
/// Replay repeats no journaled side effect (the <c>side-effect</c> sample's charge): a fork reuses the
/// <c>ctx.Step</c> results of the branch it came from, unless <c>rerunSteps</c> asks for them again (operate permission, audited).
/// </summary>
public sealed class HttpReplayStepsTests
{
    private static string Receipt(JsonElement snapshot) =>
        snapshot.GetProperty("interrupts")[0].GetProperty("value").GetProperty("receipt").GetString()!;

    [Fact]
    public async Task Replay_OfAFinishedSideEffectThread_ReusesTheCharge_RerunStepsChargesAgain_OnlyForAnOperator()
    {
        await using var host = await InterludeApiHost.StartFreshAsync([
            .. InterludeApiHost.ApiKey("ops", "reader,starter,approver,operator"),
            .. InterludeApiHost.ApiKey("bob", "reader,approver")]);
        using var ops = host.ClientWithKey("ops-key");
        using var bob = host.ClientWithKey("bob-key");
        var started = await InterludeApiHost.AssertJson(await ops.PostAsync("/threads", Json("""{"graph":"side-effect","threadId":"se","input":{"work_ms":0}}""")), HttpStatusCode.Created);
        var charged = Receipt(started);
        await InterludeApiHost.AssertJson(await ops.PostAsync("/threads/se/resume", Json("""{"resume":true}""")), HttpStatusCode.OK);
        var history = await InterludeApiHost.AssertJson(await ops.GetAsync("/threads/se/history"), HttpStatusCode.OK);
        var input = history.EnumerateArray().Single(c => c.GetProperty("metadata").GetProperty("source").GetString() == "input").GetProperty("checkpointId").GetString();
        var replay = $$"""{"checkpointId":"{{input}}"}""";
        var rerun = $$"""{"checkpointId":"{{input}}","rerunSteps":true}""";

        var forked = await InterludeApiHost.AssertJson(await ops.PostAsync("/threads/se/replay", Json(replay)), HttpStatusCode.OK);
        using var refused = await bob.PostAsync("/threads/se/replay", Json(rerun));
        using var malformed = await ops.PostAsync("/threads/se/replay", Json($$"""{"checkpointId":"{{input}}","rerunSteps":"yes"}"""));
        var recharged = await InterludeApiHost.AssertJson(await ops.PostAsync("/threads/se/replay", Json(rerun)), HttpStatusCode.OK);

        Assert.Equal("interrupted", forked.GetProperty("status").GetString());
        Assert.Equal(charged, Receipt(forked));
        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.Forbidden, "forbidden");
        await InterludeApiHost.AssertProblem(malformed, HttpStatusCode.BadRequest, "malformed");
        Assert.NotEqual(charged, Receipt(recharged));
        var audit = await InterludeApiHost.AssertJson(await ops.GetAsync("/threads/se/audit"), HttpStatusCode.OK);
        var replays = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "replay" && e.GetProperty("interruptId").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal([false, true], replays.Select(e => e.GetProperty("detail").GetProperty("rerunSteps").GetBoolean()));
        Assert.All(replays, e => Assert.Equal("ops", e.GetProperty("by").GetString()));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
