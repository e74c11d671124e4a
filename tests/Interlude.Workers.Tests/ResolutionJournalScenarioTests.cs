using System.Text.Json.Nodes;
using Interlude.Client;
using Interlude.Graph.Runtime;
using Interlude.Sagas.Threads;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Interlude.Workers.Tests;

/// <summary>
/// Resolved interrupts live in the thread's journal, not in its checkpoint: a thread answered again
/// and again keeps a checkpoint of the same size, and still refuses a repeated answer.
/// </summary>
public sealed class ResolutionJournalScenarioTests : ScenarioTests
{
    private const int Answers = 20;

    // A clock that stands still: every timestamp of the checkpoint has the same length.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));

    [StoreTheory]
    public async Task AnsweredManyTimes_CheckpointKeepsItsSize_AndRepeatedAnswersAreStillRefused(ThreadStore store)
    {
        await using var host = await Start(store, configure: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var threadId = InterludeHarness.NewThreadId();
        var paused = await host.Client.InvokeAsync("approval", new JsonObject { ["action_details"] = "deploy", ["status"] = "pending" }, threadId);
        var start = paused.CheckpointId;
        var asked = new List<string>();
        var sizes = new List<int>();
        for (var i = 0; i < Answers; i++)
        {
            // Answer, then replay the first checkpoint: the fork asks again, with a new interrupt.
            asked.Add(paused.Interrupts[0].Id);
            await host.Client.ResumeAsync(threadId, JsonValue.Create(true), by: "ann");
            sizes.Add(CheckpointSize(await SagaCheckpointAsync(host, threadId)));
            paused = await host.Client.ReplayAsync(threadId, start);
        }

        // Any growth would be the resolved interrupts (a hundred bytes and more each, when the checkpoint kept them).
        Assert.Single(sizes.Distinct());

        var again = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [asked[0]] = true }));
        Assert.Equal(("already-resolved", $"Interrupt {asked[0]} is already resolved."), (again.Reason, again.Message));
        var unknown = await Assert.ThrowsAsync<ThreadCommandException>(() => host.Client.ResumeAsync(threadId, new Dictionary<string, JsonNode?> { [new string('0', 32)] = true }));
        Assert.Equal("unknown-interrupt", unknown.Reason);

        await using var scope = host.Services.CreateAsyncScope();
        var journal = scope.ServiceProvider.GetRequiredService<IThreadJournal>();
        var resolutions = await journal.Resolutions(threadId, [asked[0]], CancellationToken.None);
        Assert.Equal(
            [new ResolvedInterrupt(asked[0], ResolutionOutcomes.Answered, time.GetUtcNow(), "ann"), new ResolvedInterrupt(asked[^1], ResolutionOutcomes.Answered, time.GetUtcNow(), "ann")],
            resolutions);
    }

    /// <summary>
    /// The length of a checkpoint's JSON, less the width of its revision and step numbers (the only
    /// parts of the same thread's checkpoint at the same point that may grow); it has no resolved list.
    /// </summary>
    private static int CheckpointSize(string json)
    {
        Assert.False(JsonNode.Parse(json)!.AsObject().ContainsKey("resolved"));
        var checkpoint = ThreadCheckpoint.FromJson(json);
        return json.Length - $"{checkpoint.Revision}{checkpoint.Step}".Length;
    }

    /// <summary>The checkpoint JSON as the thread's saga row stores it.</summary>
    private static async Task<string> SagaCheckpointAsync(InterludeHarness host, string threadId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var threads = scope.ServiceProvider.GetRequiredService<ILoadSagaRepository<GraphThreadState>>();
        return (await threads.Load(ThreadIdentity.ToGuid(threadId)))!.Checkpoint;
    }
}
