using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Interlude.Contracts;
using Interlude.Graph;
using Interlude.Client;

namespace Interlude.Workers.Tests;

/// <summary>
/// Two hosts on one PostgreSQL database answer the same interrupt at the same time: exactly one effect,
/// and it is counted once (the loser's transaction, rolled back and retried, measured nothing).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConcurrentResumeTests
{
    private sealed record State
    {
        public string? Answer { get; init; }
    }

    [Fact]
    public async Task TwoHosts_ResumeTheSameInterruptAtOnce_OneWinsAndTheOtherIsRefused()
    {
        using var telemetry = new TelemetryCapture();
        var entries = new ConcurrentDictionary<string, int>();
        CompiledGraph graph = new StateGraph<State>("race")
            .AddNode("ask", (_, ctx) => ctx.Update().Set(s => s.Answer, ctx.Interrupt<string>("who wins?")))
            .AddNode("after", (_, ctx) =>
            {
                entries.AddOrUpdate("after", 1, (_, n) => n + 1);
                return ctx.Update();
            })
            .AddEdge(GraphNames.Start, "ask")
            .AddEdge("ask", "after")
            .Compile();
        await using var database = await TestDatabase.CreateAsync(ThreadStore.PostgreSQL);
        await using var hostA = await InterludeHarness.StartOnAsync(database, [graph]);
        await using var hostB = await InterludeHarness.StartOnAsync(database, [graph]);

        for (var round = 0; round < 5; round++)
        {
            var threadId = InterludeHarness.NewThreadId("race");
            var paused = await hostA.Client.InvokeAsync("race", null, threadId);
            var interrupt = Assert.Single(paused.Interrupts).Id;

            var outcomes = await Task.WhenAll(
                Outcome(() => hostA.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [interrupt] = "A" })),
                Outcome(() => hostB.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [interrupt] = "B" })));

            var winners = outcomes.Where(o => o.Snapshot is not null).ToList();
            var winner = Assert.Single(winners).Snapshot!;
            Assert.Equal("completed", winner.Status);
            Assert.Contains(outcomes.Single(o => o.Snapshot is null).Refusal, new[] { "already-resolved", "not-interrupted" });
            var state = await hostA.Client.GetStateAsync(threadId);
            Assert.Equal(winner.Values.GetProperty("answer").GetString(), state!.Values.GetProperty("answer").GetString());
            var resolved = (await hostA.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId)).Concat(await hostB.SeenAsync<InterruptResolved>(m => m.ThreadId == threadId));
            Assert.Single(resolved);
        }

        Assert.Equal(5, entries["after"]);
        Assert.Equal(5, telemetry.Count("interlude.interrupts.resolved", "race"));
        Assert.Equal(5, telemetry.Count("interlude.interrupts.resolved", "race", ("interlude.outcome", "answered")));
        Assert.Equal(5, telemetry.Count("interlude.answers.refused", "race"));
    }

    private static async Task<(ThreadStateSnapshot? Snapshot, string? Refusal)> Outcome(Func<Task<ThreadStateSnapshot>> resume)
    {
        try
        {
            return (await resume(), null);
        }
        catch (ThreadCommandException e)
        {
            return (null, e.Reason);
        }
    }
}
