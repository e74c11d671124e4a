using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Graph.Channels;

namespace Interlude.Workers.Tests;

/// <summary>LangGraph's static breakpoints: <c>interruptBefore</c> and <c>interruptAfter</c>; any resume, null included, continues.</summary>
public sealed class BreakpointScenarioTests : ScenarioTests
{
    [StoreTheory]
    public async Task Breakpoints_BeforeEachPipelineNode_PausesThreeTimesAndEndsPublished(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();

        var beforeResearch = await host.Client.InvokeAsync("pipeline", new JsonObject { ["topic"] = "otters" }, threadId);
        AssertBreakpoint(beforeResearch, "before", "research");
        Assert.Empty((await host.NodeRunsAsync(threadId)));

        var beforeWrite = await host.Client.ResumeAsync(threadId, (JsonNode?)null);
        AssertBreakpoint(beforeWrite, "before", "write");
        Assert.Equal("Notes on otters", beforeWrite.Values.GetProperty("notes").GetString());
        Assert.False(beforeWrite.Values.TryGetProperty("draft", out var draft) && draft.ValueKind != JsonValueKind.Null);

        var beforePublish = await host.Client.ResumeAsync(threadId, (JsonNode?)null);
        AssertBreakpoint(beforePublish, "before", "publish");
        Assert.Equal("Draft about otters: Notes on otters", beforePublish.Values.GetProperty("draft").GetString());
        Assert.False(beforePublish.Values.TryGetProperty("published", out var published) && published.GetBoolean());

        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.True(done.Values.GetProperty("published").GetBoolean());
        Assert.Equal(["research", "write", "publish"], (await host.NodeRunsAsync(threadId)));
        string[] ids = [beforeResearch.Interrupts[0].Id, beforeWrite.Interrupts[0].Id, beforePublish.Interrupts[0].Id];
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids, (await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId)).Select(m => m.Interrupt.Id));
        Assert.Equal(ids, (await host.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Select(m => m.InterruptId));
        Assert.Equal(3, (await host.SeenAsync<StepCompleted>(m => m.ThreadId == threadId)).Count);
    }

    [StoreTheory]
    public async Task Breakpoints_AnyResumeValue_ContinuesAndIsDiscarded(ThreadStore store)
    {
        await using var host = await Start(store);
        var threadId = InterludeHarness.NewThreadId();
        await host.Client.InvokeAsync("pipeline", new JsonObject { ["topic"] = "otters" }, threadId);

        var beforeWrite = await host.Client.ResumeAsync(threadId, new JsonObject { ["notes"] = "ignored" });

        AssertBreakpoint(beforeWrite, "before", "write");
        Assert.Equal("Notes on otters", beforeWrite.Values.GetProperty("notes").GetString());
    }

    [StoreTheory]
    public async Task Breakpoints_AfterAgentAndBeforeTools_OnePauseThenRunsToTheEnd(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        var graph = Linear(entries, new GraphOptions { InterruptAfter = new HashSet<string> { "agent" }, InterruptBefore = new HashSet<string> { "tools" } });
        await using var host = await Start(store, [graph]);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("linear", new JsonObject { ["steps"] = new JsonArray("input") }, threadId);

        AssertBreakpoint(paused, "after", "agent");
        Assert.Equal(["tools"], paused.Next);
        Assert.Equal(["input", "agent"], Steps(paused));
        Assert.Equal(1, entries["agent"]);

        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["input", "agent", "tools", "respond"], Steps(done));
        Assert.Single(await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId));
        Assert.Equal(1, entries["agent"]);
        Assert.Equal(1, entries["tools"]);
        Assert.Equal(1, entries["respond"]);
    }

    [StoreTheory]
    public async Task Breakpoints_AfterTheLastNode_PausesWithNothingNextThenCompletes(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Linear(entries, new GraphOptions { InterruptAfter = new HashSet<string> { "respond" } })]);
        var threadId = InterludeHarness.NewThreadId();

        var paused = await host.Client.InvokeAsync("linear", [], threadId);

        AssertBreakpoint(paused, "after", "respond");
        Assert.Empty(paused.Next);
        Assert.Equal(["agent", "tools", "respond"], Steps(paused));

        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["agent", "tools", "respond"], Steps(done));
        Assert.Equal(1, entries["respond"]);
    }

    [StoreTheory]
    public async Task Breakpoints_AfterEveryNode_PausesAfterEachStep(ThreadStore store)
    {
        var entries = new ConcurrentDictionary<string, int>();
        await using var host = await Start(store, [Linear(entries, new GraphOptions { InterruptAfter = new HashSet<string> { GraphNames.AllNodes } })]);
        var threadId = InterludeHarness.NewThreadId();

        var afterAgent = await host.Client.InvokeAsync("linear", [], threadId);
        AssertBreakpoint(afterAgent, "after", "agent");
        var afterTools = await host.Client.ResumeAsync(threadId, (JsonNode?)null);
        AssertBreakpoint(afterTools, "after", "tools");
        var afterRespond = await host.Client.ResumeAsync(threadId, (JsonNode?)null);
        AssertBreakpoint(afterRespond, "after", "respond");
        var done = await host.Client.ResumeAsync(threadId, (JsonNode?)null);

        Assert.Equal("completed", done.Status);
        Assert.Equal(["agent", "tools", "respond"], Steps(done));
        Assert.Equal(3, (await host.SeenAsync<InterruptRaised>(m => m.ThreadId == threadId)).Count);
    }

    private static void AssertBreakpoint(ThreadStateSnapshot snapshot, string when, string node)
    {
        Assert.Equal("interrupted", snapshot.Status);
        var interrupt = Assert.Single(snapshot.Interrupts);
        Assert.Equal(when, interrupt.When);
        Assert.Equal(node, interrupt.Node);
        Assert.True(interrupt.Value is null || interrupt.Value.Value.ValueKind == JsonValueKind.Null);
        Assert.Matches("^[0-9a-f]{32}$", interrupt.Id);
        if (when == "before")
        {
            Assert.Equal([node], snapshot.Next);
        }
    }

    private static string[] Steps(ThreadStateSnapshot snapshot) =>
        [.. snapshot.Values.GetProperty("steps").EnumerateArray().Select(v => v.GetString()!)];

    private static CompiledGraph Linear(ConcurrentDictionary<string, int> entries, GraphOptions options)
    {
        var graph = new StateGraph<Trail>("linear").Channel(s => s.Steps, Reducers.Append);
        foreach (var node in new[] { "agent", "tools", "respond" })
        {
            graph.AddNode(node, (_, ctx) =>
            {
                entries.AddOrUpdate(node, 1, (_, n) => n + 1);
                return ctx.Update().Set(s => s.Steps, [node]);
            });
        }

        return graph
            .AddEdge(GraphNames.Start, "agent")
            .AddEdge("agent", "tools")
            .AddEdge("tools", "respond")
            .AddEdge("respond", GraphNames.End)
            .Compile(options);
    }

    private sealed record Trail
    {
        public List<string> Steps { get; init; } = [];
    }
}
