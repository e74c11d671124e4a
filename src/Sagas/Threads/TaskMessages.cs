using Interlude.Client;
using Interlude.Contracts;
using Interlude.Graph.Runtime;

namespace Interlude.Sagas.Threads;

/// <summary>A further step of a chain: the node that ran and how it ended.</summary>
internal sealed record ChainedStep(string Node, TaskOutcome Outcome);

/// <summary>Maps tasks to <see cref="ExecuteNode"/> and task outcomes to and from <see cref="NodeExecuted"/>.</summary>
internal static class TaskMessages
{
    /// <summary>The message for <paramref name="task"/> of <paramref name="checkpoint"/>; <paramref name="values"/> is the checkpoint's values, shared by the step's tasks.</summary>
    public static ExecuteNode ToExecuteNode(this GraphTask task, ThreadCheckpoint checkpoint, System.Text.Json.JsonElement values) => new()
    {
        ThreadId = checkpoint.ThreadId,
        Graph = checkpoint.Graph,
        GraphVersion = checkpoint.GraphVersion,
        TaskId = task.Id,
        Node = task.Node,
        Values = values,
        Resume = task.Resume.ToDictionary(a => a.Key, a => JsonBridge.ToElement(a.Value) ?? JsonBridge.Null),
        Journal = task.Journal.Count == 0 ? null : JsonBridge.ToObjectElement(task.Journal),
        Revision = checkpoint.Tasks.Count == 1 ? checkpoint.Revision : null,
    };

    public static TaskRequest ToTaskRequest(this ExecuteNode message, DateTimeOffset now) => new()
    {
        ThreadId = message.ThreadId,
        TaskId = message.TaskId,
        Node = message.Node,
        Values = JsonBridge.ToObject(message.Values),
        Resume = message.Resume.ToDictionary(a => a.Key, a => JsonBridge.ToNode(a.Value)),
        Journal = JsonBridge.ToObject(message.Journal),
        Now = now,
    };

    /// <summary>The answer for a chain: <paramref name="first"/>, the task <paramref name="task"/> named, then the further steps it ran.</summary>
    public static NodeExecuted ToNodeExecuted(this TaskOutcome first, ExecuteNode task, IReadOnlyList<ChainedStep> chained) =>
        first.ToNodeExecuted(task.ThreadId, task.Node) with { Chained = [.. chained.Select(s => s.Outcome.ToNodeExecuted(task.ThreadId, s.Node))] };

    /// <summary>The outcomes a <see cref="NodeExecuted"/> reports, in order: its own, then its chain's.</summary>
    public static IReadOnlyList<TaskOutcome> ToTaskOutcomes(this NodeExecuted message) =>
        [message.ToTaskOutcome(), .. message.Chained.Select(ToTaskOutcome)];

    private static NodeExecuted ToNodeExecuted(this TaskOutcome outcome, string threadId, string node) => new()
    {
        ThreadId = threadId,
        TaskId = outcome.TaskId,
        Node = node,
        Outcome = SnapshotMapper.Name(outcome.Kind),
        Writes = outcome.Kind == TaskOutcomeKind.Completed ? JsonBridge.ToObjectElement(outcome.Writes) : null,
        Routes = outcome.Routes,
        Journal = outcome.Journal.Count == 0 ? null : JsonBridge.ToObjectElement(outcome.Journal),
        Interrupts = [.. outcome.Interrupts.Select(i => new RaisedInterruptInfo
        {
            Id = i.Id,
            Node = i.Node,
            Path = i.Path,
            Index = i.Index,
            Value = JsonBridge.ToElement(i.Value),
            Timeout = i.Timeout,
            TimeoutValue = JsonBridge.ToElement(i.TimeoutValue),
            RemindBefore = i.RemindBefore,
            Validator = i.Validator,
            Approvers = i.Approvers,
            FourEyes = i.FourEyes,
            Answer = i.Answer.ToInfo(),
        })],
        Error = outcome.Error,
    };

    private static TaskOutcome ToTaskOutcome(this NodeExecuted message) => new()
    {
        TaskId = message.TaskId,
        Kind = Enum.Parse<TaskOutcomeKind>(message.Outcome, ignoreCase: true),
        Writes = JsonBridge.ToObject(message.Writes),
        Routes = message.Routes,
        Journal = JsonBridge.ToObject(message.Journal),
        Interrupts = [.. message.Interrupts.Select(i => new RaisedInterrupt
        {
            Id = i.Id,
            Node = i.Node,
            Path = i.Path,
            Index = i.Index,
            Value = JsonBridge.ToNode(i.Value),
            Timeout = i.Timeout,
            TimeoutValue = JsonBridge.ToNode(i.TimeoutValue),
            RemindBefore = i.RemindBefore,
            Validator = i.Validator,
            Approvers = i.Approvers,
            FourEyes = i.FourEyes,
            Answer = i.Answer.ToForm(),
        })],
        Error = message.Error,
    };
}
