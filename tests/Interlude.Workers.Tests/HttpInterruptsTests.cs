using System.Net;
using System.Text.Json;

namespace Interlude.Workers.Tests;

/// <summary><c>GET /interrupts</c>, the approval inbox, and <c>GET /health</c> (DESIGN.md, "Interfaces").</summary>
public sealed class HttpInterruptsTests
{
    [Fact]
    public async Task Inbox_ListsOpenInterruptsOldestFirst_WithEveryField()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var first = await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"first","input":{"action_details":"one","status":"pending"}}""", HttpStatusCode.Created);
        var parallel = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"second"}""", HttpStatusCode.Created);
        var last = await host.PostJsonExpect("/threads", """{"graph":"pipeline","threadId":"third","input":{"topic":"t"}}""", HttpStatusCode.Created);

        using var response = await host.Get("/interrupts?status=pending");

        var inbox = await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, inbox.ValueKind);
        var items = inbox.EnumerateArray().ToList();
        Assert.Equal(["first", "second", "second", "third"], items.Select(i => i.GetProperty("threadId").GetString()));
        var raised = items.Select(i => i.GetProperty("raisedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(raised.Order(), raised);

        var approval = items[0];
        var expected = first.GetProperty("interrupts")[0];
        Assert.Equal("approval", approval.GetProperty("graph").GetString());
        Assert.Equal(expected.GetProperty("id").GetString(), approval.GetProperty("id").GetString());
        Assert.Equal(expected.GetProperty("value").GetRawText(), approval.GetProperty("value").GetRawText());
        Assert.Equal("approval", approval.GetProperty("node").GetString());
        Assert.Equal(0, approval.GetProperty("ns").GetArrayLength());
        Assert.Equal("during", approval.GetProperty("when").GetString());
        // The inbox row and the snapshot show the same instant, to the tick.
        Assert.Equal(expected.GetProperty("raisedAt").GetDateTimeOffset(), approval.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, approval.GetProperty("expiresAt").ValueKind);

        Assert.Equal(
            parallel.GetProperty("interrupts").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal),
            items[1..3].Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(items[1..3], i => Assert.Equal("parallel", i.GetProperty("graph").GetString()));

        var breakpoint = items[3];
        Assert.Equal(last.GetProperty("interrupts")[0].GetProperty("id").GetString(), breakpoint.GetProperty("id").GetString());
        Assert.Equal("pipeline", breakpoint.GetProperty("graph").GetString());
        Assert.Equal("research", breakpoint.GetProperty("node").GetString());
        Assert.Equal("before", breakpoint.GetProperty("when").GetString());
        Assert.Equal(JsonValueKind.Null, breakpoint.GetProperty("value").ValueKind);

        // Without ?status the inbox is the same: pending is the default.
        using var unfiltered = await host.Get("/interrupts");
        Assert.Equal(inbox.GetRawText(), (await InterludeApiHost.AssertJson(unfiltered, HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task Inbox_FilteredByGraphVersion_ListsOnlyThreadsOnThatVersion_AndTheStateShowsIt()
    {
        await using var host = await InterludeApiHost.StartWithGraphsAsync([VersionedGraphs.V1(), VersionedGraphs.V2()]);
        await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"a1","input":{"action_details":"one","status":"pending"}}""", HttpStatusCode.Created);
        var started = await host.PostJsonExpect("/threads", """{"graph":"versioned","threadId":"v2"}""", HttpStatusCode.Created);

        using var second = await host.Get("/interrupts?graphVersion=2");
        using var first = await host.Get("/interrupts?graphVersion=1");
        using var none = await host.Get("/interrupts?graph=versioned&graphVersion=1");

        Assert.Equal(2, started.GetProperty("graphVersion").GetInt32());
        Assert.Equal(2, (await host.GetState("v2")).GetProperty("graphVersion").GetInt32());
        Assert.Equal(1, (await host.GetState("a1")).GetProperty("graphVersion").GetInt32());
        var onSecond = Assert.Single((await InterludeApiHost.AssertJson(second, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("v2", "versioned", 2), (onSecond.GetProperty("threadId").GetString(), onSecond.GetProperty("graph").GetString(), onSecond.GetProperty("graphVersion").GetInt32()));
        Assert.Equal(["a1"], (await InterludeApiHost.AssertJson(first, HttpStatusCode.OK)).EnumerateArray().Select(i => i.GetProperty("threadId").GetString()));
        Assert.Equal(0, (await InterludeApiHost.AssertJson(none, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Inbox_FilteredByGraph_ListsOnlyThatGraph()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"a1","input":{"action_details":"one","status":"pending"}}""", HttpStatusCode.Created);
        await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"p1"}""", HttpStatusCode.Created);
        await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"a2","input":{"action_details":"two","status":"pending"}}""", HttpStatusCode.Created);

        using var approvals = await host.Get("/interrupts?status=pending&graph=approval");
        using var none = await host.Get("/interrupts?graph=no-such-graph");

        var items = (await InterludeApiHost.AssertJson(approvals, HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["a1", "a2"], items.Select(i => i.GetProperty("threadId").GetString()));
        Assert.All(items, i => Assert.Equal("approval", i.GetProperty("graph").GetString()));
        Assert.Equal(0, (await InterludeApiHost.AssertJson(none, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Inbox_AnsweredInterruptsDisappear()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", """{"graph":"approval","threadId":"a1","input":{"action_details":"one","status":"pending"}}""", HttpStatusCode.Created);
        var parallel = await host.PostJsonExpect("/threads", """{"graph":"parallel","threadId":"p1"}""", HttpStatusCode.Created);
        var a = parallel.GetProperty("interrupts").EnumerateArray().Single(i => i.GetProperty("node").GetString() == "a").GetProperty("id").GetString();

        await host.PostJsonExpect("/threads/a1/resume", """{"resume":false}""", HttpStatusCode.OK);
        await host.PostJsonExpect("/threads/p1/resume", $$$"""{"resumeMap":{"{{{a}}}":"done"}}""", HttpStatusCode.OK);

        using var response = await host.Get("/interrupts");
        var left = Assert.Single((await InterludeApiHost.AssertJson(response, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("p1", left.GetProperty("threadId").GetString());
        Assert.Equal("b", left.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Inbox_EmptyHost_ReturnsAnEmptyArray()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get("/interrupts");

        var inbox = await InterludeApiHost.AssertJson(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, inbox.ValueKind);
        Assert.Equal(0, inbox.GetArrayLength());
    }

    [Theory]
    [InlineData("status=answered")]
    [InlineData("status=all")]
    [InlineData("status=")]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1001")]
    [InlineData("graphVersion=0")]
    [InlineData("graphVersion=-1")]
    [InlineData("graphVersion=two")]
    public async Task Inbox_UnsupportedQuery_Returns400Malformed(string query)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get($"/interrupts?{query}");

        await InterludeApiHost.AssertProblem(response, HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task Health_Returns200()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();

        using var response = await host.Get("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
