using System.Text.Json.Nodes;

namespace Interlude.Graph.Runtime;

/// <summary>The mutable bookkeeping of one task run: call counters, journal and raised interrupts.</summary>
internal sealed class TaskScope(
    CompiledGraph graph,
    string threadId,
    string taskId,
    string node,
    IReadOnlyList<string> path,
    IReadOnlyDictionary<string, JsonNode?> resume,
    JsonObject journal,
    DateTimeOffset now,
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
