using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>The approval inbox: open interrupts across threads, oldest first, by graph; answered ones leave it.</summary>
public sealed class InterruptInboxScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task Inbox_Mine_PagesOverTheRowsTheCallerMayAnswer_NeverShortOrWrongPages(ThreadStore store)
    {
        await using var host = await Start(store, [.. Samples.SampleGraphs.All, .. NarrowedApprovalGraphs.All]);
        var expected = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var open = InterludeHarness.NewThreadId($"open{round}");
            var cfo = InterludeHarness.NewThreadId($"cfo{round}");
            var ownFourEyes = InterludeHarness.NewThreadId($"own{round}");
            var otherFourEyes = InterludeHarness.NewThreadId($"other{round}");
            await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "x", ["status"] = "pending" }, open);
            await host.Client.InvokeAsync(NarrowedApprovalGraphs.CfoApproval, [], cfo);
            await host.ClientAs("bob").InvokeAsync(NarrowedApprovalGraphs.FourEyesApproval, [], ownFourEyes);
            await host.ClientAs("alice").InvokeAsync(NarrowedApprovalGraphs.FourEyesApproval, [], otherFourEyes);
            expected.AddRange([open, otherFourEyes]);
        }

        // "cf" is a prefix of the approver role "cfo": it must not pass for it.
        var bob = host.ClientAs("bob", "approver", "cf");
        var pages = new List<IReadOnlyList<Contracts.PendingInterrupt>>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await bob.ListInterruptsAsync(page: page, pageSize: 3, mine: true));
        }

        Assert.Equal([3, 3, 2, 0], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.ThreadId));
        Assert.All(pages.SelectMany(p => p), i => Assert.True(i.MayAnswer));
        Assert.Equal(16, (await bob.ListInterruptsAsync(pageSize: 100)).Count);
    }

    [StoreTheory]
    public async Task Inbox_SeveralPausedThreads_ListsOpenInterruptsOldestFirstAndFiltersByGraph(ThreadStore store)
    {
        await using var host = await Start(store);
        var first = InterludeHarness.NewThreadId("first");
        var second = InterludeHarness.NewThreadId("second");
        var third = InterludeHarness.NewThreadId("third");
        var a = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "one", ["status"] = "pending" }, first);
        var b = await host.Client.InvokeAsync("review-edit", new JsonObject { ["generated_text"] = "two" }, second);
        var c = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "three", ["status"] = "pending" }, third);

        var all = await host.Client.ListInterruptsAsync();

        Assert.Equal([first, second, third], all.Select(i => i.ThreadId));
        Assert.Equal([a.Interrupts[0].Id, b.Interrupts[0].Id, c.Interrupts[0].Id], all.Select(i => i.Id));
        Assert.Equal(["approval", "review-edit", "approval"], all.Select(i => i.Graph));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.RaisedAt <= p.Second.RaisedAt));
        Assert.Equal("one", all[0].Value!.Value.GetProperty("details").GetString());
        Assert.Equal(("approval", "during"), (all[0].Node, all[0].When));
        Assert.Equal(a.Interrupts[0].RaisedAt, all[0].RaisedAt);

        var approvals = await host.Client.ListInterruptsAsync("approval");
        Assert.Equal([first, third], approvals.Select(i => i.ThreadId));
        Assert.Empty(await host.Client.ListInterruptsAsync("no-such-graph"));

        var page2 = await host.Client.ListInterruptsAsync(page: 2, pageSize: 2);
        Assert.Equal([third], page2.Select(i => i.ThreadId));
    }

    [StoreTheory]
    public async Task Inbox_AnsweredInterrupt_NoLongerListed(ThreadStore store)
    {
        await using var host = await Start(store);
        var first = InterludeHarness.NewThreadId("first");
        var second = InterludeHarness.NewThreadId("second");
        await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "one", ["status"] = "pending" }, first);
        await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "two", ["status"] = "pending" }, second);
        Assert.Equal(2, (await host.Client.ListInterruptsAsync("approval")).Count);

        await host.Client.ResumeAsync(first, JsonValue.Create(true));

        Assert.Equal([second], (await host.Client.ListInterruptsAsync("approval")).Select(i => i.ThreadId));
        await host.Client.ResumeAsync(second, JsonValue.Create(false));
        Assert.Empty(await host.Client.ListInterruptsAsync("approval"));
    }

    [StoreTheory]
    public async Task Inbox_BreakpointsAndQuestionsInLoops_ListTheCurrentOneOnly(ThreadStore store)
    {
        await using var host = await Start(store);
        var pipeline = InterludeHarness.NewThreadId("pipeline");
        var age = InterludeHarness.NewThreadId("age");
        await host.Client.InvokeAsync("pipeline", new JsonObject { ["topic"] = "otters" }, pipeline);
        await host.Client.InvokeAsync("validate-age", [], age);

        var breakpoint = Assert.Single(await host.Client.ListInterruptsAsync("pipeline"));
        Assert.Equal(("research", "before"), (breakpoint.Node, breakpoint.When));

        var next = await host.Client.ResumeAsync(pipeline, (JsonNode?)null);
        var reasked = await host.Client.ResumeAsync(age, JsonValue.Create("old"));

        var listed = await host.Client.ListInterruptsAsync();
        Assert.Equal(2, listed.Count);
        Assert.Equal(next.Interrupts[0].Id, Assert.Single(listed, i => i.ThreadId == pipeline).Id);
        Assert.Equal("write", Assert.Single(listed, i => i.ThreadId == pipeline).Node);
        Assert.Equal(reasked.Interrupts[0].Id, Assert.Single(listed, i => i.ThreadId == age).Id);
        Assert.Equal([pipeline, age], listed.Select(i => i.ThreadId));
    }
}
