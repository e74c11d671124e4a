using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>
/// The mutable bookkeeping of one task run: call counters, journal and raised interrupts, and the
/// services of the run (one DI scope per task run, shared by the subgraphs its node runs).
/// </summary>
internal sealed class TaskScope(
    CompiledGraph graph,
    string threadId,
    string taskId,
    string node,
    IReadOnlyList<string> path,
    IReadOnlyDictionary<string, JsonNode?> resume,
    JsonObject journal,
    DateTimeOffset now,
    IServiceProvider services,
    CancellationToken cancellationToken)
{
    private readonly List<RaisedInterrupt> raised = [];
    private readonly Dictionary<string, int> journalCalls = new(StringComparer.Ordinal);
    private int interruptCalls;

    public CompiledGraph Graph { get; } = graph;

    public string ThreadId { get; } = threadId;

    public string TaskId { get; } = taskId;

    public string Node { get; } = node;

    public IReadOnlyList<string> Path { get; } = path;

    public IReadOnlyDictionary<string, JsonNode?> Resume { get; } = resume;

    public JsonObject Journal { get; } = journal;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The provider of the run's DI scope (empty when the runner was given no provider).</summary>
    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Unanswered interrupts raised during this run (the node may have swallowed the signal).</summary>
    public IReadOnlyList<RaisedInterrupt> Raised => raised;

    public int NextInterruptIndex() => interruptCalls++;

    /// <summary>A journal key unique per call: the name, then <c>name#2</c>, <c>name#3</c>... on repeats.</summary>
    public string NextJournalKey(string name)
    {
        var count = journalCalls.TryGetValue(name, out var seen) ? seen + 1 : 1;
        journalCalls[name] = count;
        return count == 1 ? name : $"{name}#{count}";
    }

    public void Raise(RaisedInterrupt interrupt) => raised.Add(interrupt);
}
