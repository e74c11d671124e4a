using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Workers.Samples;

namespace Interlude.Workers.Tests;

/// <summary>The <c>tool-review</c> sample on <c>ToolApproval</c> over HTTP: its answer form in the inbox and the state, and the refusals it enforces.</summary>
public sealed class HttpToolReviewTests
{
    private const string Input = """{"graph":"tool-review","threadId":"tr","input":{"messages":[{"role":"user","content":"Tell the team we shipped"}]}}""";

    [Fact]
    public async Task ToolReview_TheInboxAndTheStateCarryTheForm_WithTheToolsDecisionsAndArgumentSchema()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", Input, HttpStatusCode.Created);

        using var inbox = await host.Get("/interrupts");
        var pending = Assert.Single((await InterludeApiHost.AssertJson(inbox, HttpStatusCode.OK)).EnumerateArray());
        var fromState = Assert.Single(started.GetProperty("interrupts").EnumerateArray()).GetProperty("answer");

        foreach (var form in new[] { pending.GetProperty("answer"), fromState })
        {
            Assert.Equal(["approve", "edit", "reject", "respond"], form.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
            Assert.True(form.GetProperty("enforced").GetBoolean());
            var edit = form.GetProperty("actions")[1];
            Assert.True(JsonNode.DeepEquals(ToolReviewGraph.SendEmailSchema, JsonNode.Parse(edit.GetProperty("schema").GetProperty("properties").GetProperty("args").GetRawText())));
            Assert.Equal("team@example.com", edit.GetProperty("value").GetProperty("args").GetProperty("to").GetString());
        }

        Assert.Equal("The agent wants to send an email.", pending.GetProperty("value").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("""{"action":"edit","args":{"to":5}}""", "/args/to")]
    [InlineData("""{"action":"edit","args":{"to":"not an address","subject":"s","body":"b"}}""", "/args/to")]
    [InlineData("""{"action":"edit","args":{"to":"a@example.com","subject":"s","body":"b","cc":"x"}}""", "/args")]
    [InlineData("""{"action":"maybe"}""", "approve, edit, reject, respond")]
    [InlineData("""true""", "approve, edit, reject, respond")]
    public async Task ToolReview_AnAnswerTheFormRefuses_Is400InvalidAnswer_AndTheReviewStaysOpen(string answer, string named)
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        var started = await host.PostJsonExpect("/threads", Input, HttpStatusCode.Created);
        var id = started.GetProperty("interrupts")[0].GetProperty("id").GetString();

        using var refused = await host.PostJson("/threads/tr/resume", $$"""{"resume":{{answer}}}""");

        var problem = await InterludeApiHost.AssertProblem(refused, HttpStatusCode.BadRequest, "invalid-answer");
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var state = await host.GetState("tr");
        Assert.Equal(("interrupted", id), (state.GetProperty("status").GetString(), Assert.Single(state.GetProperty("interrupts").EnumerateArray()).GetProperty("id").GetString()));
        Assert.Equal(started.GetProperty("revision").GetInt64(), state.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task ToolReview_Respond_TheToolDoesNotRun_AndTheAgentAnswersWithTheMessage()
    {
        await using var host = await InterludeApiHost.StartFreshAsync();
        await host.PostJsonExpect("/threads", Input, HttpStatusCode.Created);

        var done = await host.PostJsonExpect("/threads/tr/resume", """{"resume":{"action":"respond","message":"I told them at lunch"}}""", HttpStatusCode.OK);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.False(done.GetProperty("values").TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null);
        var messages = done.GetProperty("values").GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(("I told them at lunch", "success"), (messages[2].GetProperty("content").GetString(), messages[2].GetProperty("status").GetString()));
        Assert.Contains("I told them at lunch", messages[3].GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
