using System.Net;
using System.Text;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary>Interrupts that narrow who may answer them, over HTTP: approver roles, four-eyes, and the inbox's <c>mayAnswer</c> and <c>mine</c>.</summary>
public sealed class HttpAnswerRightsTests
{
    private static Task<InterludeApiHost> Host() => InterludeApiHost.StartWithGraphsAsync(NarrowedApprovalGraphs.All, [
        .. InterludeApiHost.ApiKey("alice", "reader,starter,approver"),
        .. InterludeApiHost.ApiKey("bob", "reader,approver"),
        .. InterludeApiHost.ApiKey("carol", "reader,approver,cfo"),
        .. InterludeApiHost.ApiKey("rita", "reader,cfo")]);

    private static async Task<JsonElement> StartAs(HttpClient client, string graph, string threadId)
    {
        using var response = await client.PostAsync("/threads", Json($$"""{"graph":"{{graph}}","threadId":"{{threadId}}"}"""));
        return await InterludeApiHost.AssertJson(response, HttpStatusCode.Created);
    }

    private static async Task AssertForbiddenUnchanged(HttpClient client, string threadId, JsonElement before)
    {
        using var refused = await client.PostAsync($"/threads/{threadId}/resume", Json("""{"resume":true}"""));
        await InterludeApiHost.AssertProblem(refused, HttpStatusCode.Forbidden, "forbidden");
        var after = await InterludeApiHost.AssertJson(await client.GetAsync($"/threads/{threadId}/state"), HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
        Assert.Equal("interrupted", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resume_Approvers_AnApproverWithoutTheirRole_Gets403Forbidden_OneWithItAnswers()
    {
        await using var host = await Host();
        using var alice = host.ClientWithKey("alice-key");
        using var bob = host.ClientWithKey("bob-key");
        using var carol = host.ClientWithKey("carol-key");
        var started = await StartAs(alice, NarrowedApprovalGraphs.CfoApproval, "cfo");
        Assert.Equal(["cfo", "finance"], started.GetProperty("interrupts")[0].GetProperty("approvers").EnumerateArray().Select(r => r.GetString()));

        await AssertForbiddenUnchanged(bob, "cfo", started);
        using var answered = await carol.PostAsync("/threads/cfo/resume", Json("""{"resume":true}"""));

        var done = await InterludeApiHost.AssertJson(answered, HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resume_FourEyes_TheStarter_Gets403Forbidden_AnotherApproverAnswers()
    {
        await using var host = await Host();
        using var alice = host.ClientWithKey("alice-key");
        using var bob = host.ClientWithKey("bob-key");
        var started = await StartAs(alice, NarrowedApprovalGraphs.FourEyesApproval, "eyes");
        Assert.Equal("alice", started.GetProperty("startedBy").GetString());

        await AssertForbiddenUnchanged(alice, "eyes", started);
        using var answered = await bob.PostAsync("/threads/eyes/resume", Json("""{"resume":true,"by":"alice"}"""));

        var done = await InterludeApiHost.AssertJson(answered, HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Inbox_RowsSayWhetherTheCallerMayAnswer_AndMineFilters()
    {
        await using var host = await Host();
        using var alice = host.ClientWithKey("alice-key");
        using var bob = host.ClientWithKey("bob-key");
        using var carol = host.ClientWithKey("carol-key");
        using var rita = host.ClientWithKey("rita-key");
        using var reader = host.ClientWithKey(null);
        await StartAs(alice, NarrowedApprovalGraphs.CfoApproval, "cfo");
        await StartAs(alice, NarrowedApprovalGraphs.FourEyesApproval, "eyes");
        await StartAs(alice, "approval", "plain");

        async Task<Dictionary<string, bool>> Inbox(HttpClient client, string query = "")
        {
            var rows = await InterludeApiHost.AssertJson(await client.GetAsync("/interrupts" + query), HttpStatusCode.OK);
            return rows.EnumerateArray().ToDictionary(r => r.GetProperty("threadId").GetString()!, r => r.GetProperty("mayAnswer").GetBoolean());
        }

        Assert.Equal(new Dictionary<string, bool> { ["cfo"] = false, ["eyes"] = false, ["plain"] = true }, await Inbox(alice));
        Assert.Equal(new Dictionary<string, bool> { ["cfo"] = false, ["eyes"] = true, ["plain"] = true }, await Inbox(bob));
        Assert.Equal(new Dictionary<string, bool> { ["cfo"] = true, ["eyes"] = true, ["plain"] = true }, await Inbox(carol));
        Assert.Equal(["eyes", "plain"], (await Inbox(bob, "?mine=true")).Keys);
        Assert.Equal(["plain"], (await Inbox(alice, "?mine=true")).Keys);

        // A reader without the answer permission may answer nothing, whatever other roles they hold.
        Assert.Equal(new Dictionary<string, bool> { ["cfo"] = false, ["eyes"] = false, ["plain"] = false }, await Inbox(rita));
        Assert.Empty(await Inbox(rita, "?mine=true"));
        using var anonymous = await reader.GetAsync("/interrupts");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
