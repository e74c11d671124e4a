using System.Text.Json;
using System.Text.Json.Nodes;
using Interlude.Graph.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>
/// Runs a subgraph inside a parent node. The child's checkpoint is kept in the parent task's journal,
/// so when the parent node runs again after an answer the child goes on where it paused instead of
/// starting over; the child's interrupts surface on the parent task with their namespace. The child's
/// nodes run in the parent task's DI scope.
/// </summary>
internal static class SubgraphRunner
{
    public static async Task<JsonObject> RunAsync(NodeContext context, string name, JsonObject? input)
    {
        var scope = context.Scope;
        if (!scope.Graph.Subgraphs.TryGetValue(name, out var child))
        {
            throw new InvalidOperationException($"Graph '{scope.Graph.Name}' has no subgraph '{name}'; register it with AddSubgraph.");
        }

        var key = scope.NextJournalKey("subgraph:" + name);
        var executor = GraphExecutor.InParentScope(child, new FixedTimeProvider(scope.Now), scope.Services);
        var childThreadId = $"{scope.ThreadId}|{string.Join('|', scope.Path)}";
        ThreadCheckpoint checkpoint;
        if (scope.Journal[key] is JsonNode saved)
        {
            checkpoint = saved.Deserialize<ThreadCheckpoint>(GraphJson.RecordOptions)!;
            var answers = checkpoint.OpenInterrupts
                .Where(i => scope.Resume.ContainsKey(i.Id))
                .ToDictionary(i => i.Id, i => scope.Resume[i.Id]);
            if (answers.Count > 0)
            {
                // The parent thread validated these answers when they arrived (or they are timeout values);
                // they answer open interrupts only, so no refusal needs the child's resolutions.
                var result = executor.Planner.Resume(checkpoint, ResumeCommand.ByIds(answers), scope.Now, resolved: [], validate: false);
                if (result.Rejected is not null)
                {
                    throw new InvalidOperationException($"Subgraph '{name}' refused its answers: {result.Rejected.Message}");
                }

                await executor.RunAsync(checkpoint, result, scope.CancellationToken, scope.Path).ConfigureAwait(false);
            }
        }
        else
        {
            var (started, result) = executor.Planner.Start(childThreadId, input, scope.Now);
            checkpoint = started ?? throw new InvalidOperationException($"Subgraph '{name}' refused its input: {result.Rejected!.Message}");
            await executor.RunAsync(checkpoint, result, scope.CancellationToken, scope.Path).ConfigureAwait(false);
        }

        scope.Journal[key] = JsonSerializer.SerializeToNode(checkpoint, GraphJson.RecordOptions);
        switch (checkpoint.Status)
        {
            case ThreadStatus.Completed:
                return checkpoint.Values;
            case ThreadStatus.Interrupted:
                Surface(scope, name, checkpoint);
                throw new GraphInterruptException(checkpoint.OpenInterrupts.First().Id);
            default:
                throw new InvalidOperationException(
                    $"Subgraph '{name}' {checkpoint.Status.ToString().ToLowerInvariant()} at node '{checkpoint.Error?.Node}': {checkpoint.Error?.Message}");
        }
    }

    private static void Surface(TaskScope scope, string name, ThreadCheckpoint checkpoint)
    {
        if (checkpoint.Breakpoint is not null)
        {
            throw new InvalidOperationException($"Subgraph '{name}' paused at a breakpoint; subgraphs support interrupts inside nodes only.");
        }

        foreach (var interrupt in checkpoint.OpenInterrupts)
        {
            var timeout = interrupt.ExpiresAt - interrupt.RaisedAt;
            scope.Raise(new RaisedInterrupt
            {
                Id = interrupt.Id,
                Node = interrupt.Node,
                Path = interrupt.Ns,
                Index = interrupt.Index,
                Value = interrupt.Value?.DeepClone(),
                Timeout = timeout,
                TimeoutValue = interrupt.TimeoutValue?.DeepClone(),
                RemindBefore = interrupt.ExpiresAt - interrupt.RemindAt,
                Validator = interrupt.Validator,
                Approvers = interrupt.Approvers,
                FourEyes = interrupt.FourEyes,
                Answer = interrupt.Answer,
            });
        }
    }

    /// <summary>The parent task's clock: a subgraph runs "at" the time its parent task started.</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
