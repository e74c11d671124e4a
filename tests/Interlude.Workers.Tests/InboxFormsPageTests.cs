using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>
/// Every sample answered from the inbox page in headless Chromium, by clicks and typed field values only:
/// the controls come from each interrupt's declared answer form.
/// </summary>
[Trait("Category", "Browser")]
public sealed class InboxFormsPageTests : IDisposable
{
    private readonly string database = Path.Combine(Path.GetTempPath(), $"interlude-forms-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Inbox_AnswersEverySampleByItsForm()
    {
        await using var host = await ServeProcess.StartAsync(database, "--Interlude:Api:WaitSeconds=30");
        var toolInput = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "We shipped" }) };
        await host.StartThread("approval", "appr-yes", new JsonObject { ["action_details"] = "refund" }, mayStillRun: true);
        await host.StartThread("approval", "appr-no", new JsonObject { ["action_details"] = "refund" }, mayStillRun: true);
        await host.StartThread("tool-review", "tool-edit", toolInput, mayStillRun: true);
        await host.StartThread("tool-review", "tool-reject", toolInput, mayStillRun: true);
        await host.StartThread("tool-review", "tool-respond", toolInput, mayStillRun: true);
        await host.StartThread("tool-review", "tool-approve", toolInput, mayStillRun: true);
        await host.StartThread("validate-age", "age", null, mayStillRun: true);
        await host.StartThread("review-edit", "draft", new JsonObject { ["generated_text"] = "A first draft" }, mayStillRun: true);
        await host.StartThread("multi-question", "multi", null, mayStillRun: true);
        await host.StartThread("pipeline", "pipe", new JsonObject { ["topic"] = "forms" }, mayStillRun: true);
        await using var browser = await WebDriver.StartAsync();
        await browser.Navigate(host.Http.BaseAddress!);
        // Ten threads started one after the other on a loaded machine: a start may answer 202 (still
        // running after the wait); its row appears once it pauses.
        await browser.WaitFor("return document.querySelectorAll('#inbox .item').length === 10;", "ten rows", TimeSpan.FromSeconds(90));

        // No interrupt of a sample falls back to raw JSON; each declares its form.
        Assert.Equal(0, (await browser.Execute("return [...document.querySelectorAll('#inbox .raw')].filter(r => !r.hidden).length;")).GetInt32());
        await browser.Execute("""
            window.__resumes = 0;
            const original = window.fetch;
            window.fetch = (url, init) => { if (String(url).includes('/resume')) window.__resumes++; return original(url, init); };
            """);

        // approval: Approve at once; Reject opens the optional reason.
        await browser.Click($"{Row("appr-yes")} button[data-action='approve']");
        Assert.Equal("approved", (await host.WaitForStatus("appr-yes", "completed", Wait)).GetProperty("values").GetProperty("status").GetString());
        await browser.Click($"{Row("appr-no")} button[data-action='reject']");
        await browser.Type($"{Row("appr-no")} .action-panel[data-action='reject'] input", "too much");
        await browser.Click($"{Row("appr-no")} .action-panel[data-action='reject'] button.send");
        var rejected = (await host.WaitForStatus("appr-no", "completed", Wait)).GetProperty("values");
        Assert.Equal(("rejected", "too much"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("reason").GetString()));

        // tool-review, edit: the fields come from send_email's schema, holding the proposed arguments.
        var edit = $"{Row("tool-edit")} .action-panel[data-action='edit']";
        await browser.Click($"{Row("tool-edit")} button[data-action='edit']");
        Assert.Equal("team@example.com", (await browser.Execute($"return document.querySelector(\"{edit} input[name='/args/to']\").value;")).GetString());
        Assert.Equal("TEXTAREA", (await browser.Execute($"return document.querySelector(\"{edit} [name='/args/body']\").tagName;")).GetString());
        var resumes = (await browser.Execute("return window.__resumes;")).GetInt32();

        // The page's own check: an empty subject is not sent.
        await browser.Type($"{edit} input[name='/args/subject']", "");
        await browser.Click($"{edit} button.send");
        await browser.WaitFor($"return document.querySelector(\"{Row("tool-edit")} .message\").textContent.startsWith('Not sent');", "the page's refusal");
        Assert.Equal(resumes, (await browser.Execute("return window.__resumes;")).GetInt32());

        // The host's check (the address format): its 400 is shown beside the interrupt, which stays.
        await browser.Type($"{edit} input[name='/args/subject']", "Shipped");
        await browser.Type($"{edit} input[name='/args/to']", "not an address");
        await browser.Click($"{edit} button.send");
        await browser.WaitFor($"return document.querySelector(\"{Row("tool-edit")} .message\").textContent.includes('invalid-answer');", "the host's refusal");
        Assert.Equal(resumes + 1, (await browser.Execute("return window.__resumes;")).GetInt32());
        Assert.Equal("interrupted", (await host.WaitForStatus("tool-edit", "interrupted", Wait)).GetProperty("status").GetString());

        await browser.Type($"{edit} input[name='/args/to']", "boss@example.com");
        await browser.Click($"{edit} button.send");
        Assert.Equal("Email sent to boss@example.com", (await host.WaitForStatus("tool-edit", "completed", Wait)).GetProperty("values").GetProperty("result").GetString());

        // tool-review: reject with feedback, respond with a message, approve.
        await browser.Click($"{Row("tool-reject")} button[data-action='reject']");
        await browser.Type($"{Row("tool-reject")} .action-panel[data-action='reject'] textarea", "Not on Fridays");
        await browser.Click($"{Row("tool-reject")} .action-panel[data-action='reject'] button.send");
        Assert.Equal("Not on Fridays", ToolMessage(await host.WaitForStatus("tool-reject", "completed", Wait)).GetProperty("content").GetString());
        await browser.Click($"{Row("tool-respond")} button[data-action='respond']");
        await browser.Type($"{Row("tool-respond")} .action-panel[data-action='respond'] textarea", "Told them already");
        await browser.Click($"{Row("tool-respond")} .action-panel[data-action='respond'] button.send");
        Assert.Equal("Told them already", ToolMessage(await host.WaitForStatus("tool-respond", "completed", Wait)).GetProperty("content").GetString());
        await browser.Click($"{Row("tool-approve")} button[data-action='approve']");
        Assert.Equal("Email sent to team@example.com", (await host.WaitForStatus("tool-approve", "completed", Wait)).GetProperty("values").GetProperty("result").GetString());

        // validate-age: a number field.
        Assert.Equal("number", (await browser.Execute($"return document.querySelector(\"{Row("age")} .answer-form input\").type;")).GetString());
        await browser.Type($"{Row("age")} .answer-form input", "42");
        await browser.Click($"{Row("age")} button.send");
        Assert.Equal(42, (await host.WaitForStatus("age", "completed", Wait)).GetProperty("values").GetProperty("age").GetInt32());

        // review-edit: a text area holding the draft.
        Assert.Equal("A first draft", (await browser.Execute($"return document.querySelector(\"{Row("draft")} .answer-form textarea\").value;")).GetString());
        await browser.Type($"{Row("draft")} .answer-form textarea", "The final text");
        await browser.Click($"{Row("draft")} button.send");
        Assert.Equal("The final text", (await host.WaitForStatus("draft", "completed", Wait)).GetProperty("values").GetProperty("generated_text").GetString());

        // multi-question: a text, then (a new row, live) a number.
        await browser.Type($"{Row("multi")} .answer-form input", "Ada");
        await browser.Click($"{Row("multi")} button.send");
        await browser.WaitFor($"return document.querySelector(\"{Row("multi")} .answer-form input\")?.type === 'number';", "the second question");
        await browser.Type($"{Row("multi")} .answer-form input", "36");
        await browser.Click($"{Row("multi")} button.send");
        var multi = (await host.WaitForStatus("multi", "completed", Wait)).GetProperty("values");
        Assert.Equal(("Ada", 36), (multi.GetProperty("name").GetString(), multi.GetProperty("age").GetInt32()));

        // pipeline: a Continue button at each of its three breakpoints.
        foreach (var node in new[] { "research", "write", "publish" })
        {
            await browser.WaitFor($"return document.querySelector(\"{Row("pipe")} .node\")?.textContent.startsWith('{node}');", $"the breakpoint before {node}");
            await browser.Click($"{Row("pipe")} button[data-action='continue']");
            await browser.WaitFor($"return !document.querySelector(\"{Row("pipe")} .node\")?.textContent.startsWith('{node}');", $"the breakpoint before {node} to close");
        }

        Assert.True((await host.WaitForStatus("pipe", "completed", Wait)).GetProperty("values").GetProperty("published").GetBoolean());
        await browser.WaitFor("return document.querySelectorAll('#inbox .item').length === 0;", "an empty inbox");
    }

    public void Dispose()
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string Row(string threadId) => $"#inbox .item[data-thread='{threadId}']";

    private static JsonElement ToolMessage(JsonElement state) =>
        state.GetProperty("values").GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
}
