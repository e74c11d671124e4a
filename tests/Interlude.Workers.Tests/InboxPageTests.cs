using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>The approval inbox page at <c>/</c>, end to end in headless Chromium against the real executable.</summary>
[Trait("Category", "Browser")]
public sealed class InboxPageTests : IDisposable
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"interlude-inbox-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Inbox_ListsApprovesRejectsRefusesBadJsonAndUpdatesLive()
    {
        // A cold process on a busy machine may need more than ServeProcess's 2 s wait for the first thread.
        await using var host = await ServeProcess.StartAsync(database, "--Interlude:Api:WaitSeconds=30");
        await StartApproval(host, "order-1", "refund 120 EUR");
        await StartApproval(host, "order-2", "ship a spare part");
        await host.StartThread("subgraph", "free-1", new JsonObject { ["question"] = "Anything to add?" });
        await using var browser = await WebDriver.StartAsync();
        await browser.Navigate(host.Http.BaseAddress!);

        // Both pending interrupts, oldest first, with graph, thread, node, payload and expiry.
        await browser.WaitFor("return document.querySelectorAll('#inbox .item').length === 3;", "three rows");
        var rows = await browser.Execute("""
            return [...document.querySelectorAll('#inbox .item')].map(r => ({
              thread: r.dataset.thread, graph: r.querySelector('.graph').textContent, node: r.querySelector('.node').textContent,
              payload: r.querySelector('.payload').textContent, expiry: r.querySelector('.expiry').textContent }));
            """);
        Assert.Equal(["order-1", "order-2", "free-1"], rows.EnumerateArray().Select(r => r.GetProperty("thread").GetString()));
        var first = rows[0];
        Assert.Equal("approval", first.GetProperty("graph").GetString());
        Assert.Equal("approval (during)", first.GetProperty("node").GetString());
        Assert.Equal("refund 120 EUR", JsonDocument.Parse(first.GetProperty("payload").GetString()!).RootElement.GetProperty("details").GetString());
        Assert.Contains("\n  \"question\"", first.GetProperty("payload").GetString(), StringComparison.Ordinal);
        Assert.Equal("no expiry", first.GetProperty("expiry").GetString());
        await browser.WaitFor("return document.getElementById('live').textContent === 'live';", "the live feed");

        // Count what the page sends from here on; a reload would lose the marker.
        await browser.Execute("""
            window.__marker = 'same page'; window.__resumes = 0;
            const original = window.fetch;
            window.fetch = (url, init) => { if (String(url).includes('/resume')) window.__resumes++; return original(url, init); };
            """);

        // Approve: the row disappears and the thread completes as approved.
        await browser.Click("#inbox .item[data-thread='order-1'] .approve");
        await browser.WaitFor("return !document.querySelector(\"#inbox .item[data-thread='order-1']\");", "the approved row to disappear");
        var approved = await host.WaitForStatus("order-1", "completed", TimeSpan.FromSeconds(20));
        Assert.Equal("approved", approved.GetProperty("values").GetProperty("status").GetString());

        // The approval declares its form: no raw JSON for it. An interrupt that declares none gets only raw JSON.
        const string Row2 = "#inbox .item[data-thread='order-2']";
        const string Free = "#inbox .item[data-thread='free-1']";
        Assert.True((await browser.Execute($"return document.querySelector(\"{Row2} .raw\").hidden && !document.querySelector(\"{Free} .raw\").hidden && !document.querySelector(\"{Free} .answer-form button\");")).GetBoolean());

        // Invalid JSON in the editor: a clear message and nothing sent.
        await browser.Click($"{Free} .edit");
        await browser.Type($"{Free} .answer", "{more: yes");
        await browser.Click($"{Free} .send-json");
        await browser.WaitFor($"return document.querySelector(\"{Free} .message\").textContent.includes('not valid JSON');", "the invalid-JSON message");
        Assert.Equal(1, (await browser.Execute("return window.__resumes;")).GetInt32());
        Assert.Equal("interrupted", (await State(host, "free-1")).GetProperty("status").GetString());
        await browser.Type($"{Free} .answer", "\"nothing\"");
        await browser.Click($"{Free} .send-json");
        Assert.Equal("nothing", (await host.WaitForStatus("free-1", "completed", TimeSpan.FromSeconds(20))).GetProperty("values").GetProperty("answer").GetString());
        Assert.Equal(2, (await browser.Execute("return window.__resumes;")).GetInt32());

        // A third thread appears live, without a reload.
        await StartApproval(host, "order-3", "cancel a subscription");
        await browser.WaitFor("return !!document.querySelector(\"#inbox .item[data-thread='order-3']\");", "the new row to appear live");
        Assert.Equal("same page", (await browser.Execute("return window.__marker;")).GetString());
        Assert.Equal(["order-2", "order-3"], (await browser.Execute("return [...document.querySelectorAll('#inbox .item')].map(r => r.dataset.thread);"))
            .EnumerateArray().Select(r => r.GetString()));
        await browser.Screenshot(Path.Combine(Path.GetTempPath(), "interlude-inbox.png"));

        // Approve, and reject with a reason (the reject action's field).
        await browser.Click($"{Row2} .approve");
        await browser.Click("#inbox .item[data-thread='order-3'] .reject");
        await browser.Type("#inbox .item[data-thread='order-3'] .action-panel input", "not now");
        await browser.Click("#inbox .item[data-thread='order-3'] .action-panel .send");
        await browser.WaitFor("return document.querySelectorAll('#inbox .item').length === 0 && !document.getElementById('empty').hidden;", "an empty inbox");
        Assert.Equal("approved", (await host.WaitForStatus("order-2", "completed", TimeSpan.FromSeconds(20))).GetProperty("values").GetProperty("status").GetString());
        var rejected = (await host.WaitForStatus("order-3", "completed", TimeSpan.FromSeconds(20))).GetProperty("values");
        Assert.Equal(("rejected", "not now"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Inbox_OnAHostThatNeedsAKey_AsksForIt_ThenListsAnswersAndStreamsWithIt_AndMarksRemindedRows()
    {
        await using var host = await ServeProcess.StartAsync(
            database,
            "--Interlude:Auth:ApiKeys:ann:Key=ann-key", "--Interlude:Auth:ApiKeys:ann:Roles=reader,approver",
            "--Interlude:Auth:ApiKeys:ops:Key=ops-key", "--Interlude:Auth:ApiKeys:ops:Roles=reader,starter");
        host.Http.DefaultRequestHeaders.Add("X-Api-Key", "ops-key");
        await StartApproval(host, "order-1", "refund 120 EUR");
        await using var browser = await WebDriver.StartAsync();
        await browser.Navigate(host.Http.BaseAddress!);

        // The host answers 401: the page asks for a key and lists nothing.
        await browser.WaitFor("return !document.getElementById('key-form').hidden && document.getElementById('live').textContent === 'needs a key';", "the key prompt");
        Assert.Equal(0, (await browser.Execute("return document.querySelectorAll('#inbox .item').length;")).GetInt32());

        await browser.Type("#api-key", "ann-key");
        await browser.Click("#key-form button[type='submit']");

        // With the key: the list, and the live feed read with the header (a new thread appears without a reload).
        await browser.WaitFor("return document.querySelectorAll('#inbox .item').length === 1 && document.getElementById('live').textContent === 'live';", "the row and the live feed");
        Assert.True((await browser.Execute("return document.getElementById('key-form').hidden;")).GetBoolean());
        Assert.Equal("ann-key", (await browser.Execute("return sessionStorage.getItem('interlude-api-key');")).GetString());
        await StartApproval(host, "order-2", "ship a spare part");
        await browser.WaitFor("return !!document.querySelector(\"#inbox .item[data-thread='order-2']\");", "the new row to appear live");

        // A reminder on the stream marks its row as due soon, and only that row.
        using var timed = await host.Http.PostAsync(new Uri("/threads", UriKind.Relative), new StringContent(
            """{"graph":"timed-approval","threadId":"order-3","input":{"action_details":"x","status":"pending","timeout_seconds":3600,"remind_before_seconds":3599}}""",
            System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.Created, timed.StatusCode);
        await browser.WaitFor("const r = document.querySelector(\"#inbox .item[data-thread='order-3']\"); return !!r && r.classList.contains('due-soon') && !r.querySelector('.due').hidden;", "the reminded row to be marked");
        Assert.Equal(["order-3"], (await browser.Execute("return [...document.querySelectorAll('#inbox .item.due-soon')].map(r => r.dataset.thread);")).EnumerateArray().Select(r => r.GetString()));

        // Answered from the page: the audit names the key's caller.
        await browser.Click("#inbox .item[data-thread='order-1'] .approve");
        await browser.WaitFor("return !document.querySelector(\"#inbox .item[data-thread='order-1']\");", "the approved row to disappear");
        Assert.Equal("approved", (await host.WaitForStatus("order-1", "completed", TimeSpan.FromSeconds(20))).GetProperty("values").GetProperty("status").GetString());
        var audit = JsonDocument.Parse(await host.Http.GetStringAsync(new Uri("/threads/order-1/audit", UriKind.Relative))).RootElement;
        Assert.Equal("ann", audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "answer").GetProperty("by").GetString());
    }

    public void Dispose()
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static Task StartApproval(ServeProcess host, string threadId, string details) =>
        host.StartThread("approval", threadId, new JsonObject { ["action_details"] = details, ["status"] = "pending" });

    private static async Task<JsonElement> State(ServeProcess host, string threadId) =>
        JsonDocument.Parse(await host.Http.GetStringAsync(new Uri($"/threads/{threadId}/state", UriKind.Relative))).RootElement.Clone();
}
