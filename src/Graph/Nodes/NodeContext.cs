using System.Text.Json.Nodes;
using Interlude.Graph.Runtime;

namespace Interlude.Graph.Nodes;

/// <summary>
/// What a running node can do besides reading its state: ask a person (<see cref="Interrupt{T}"/>),
/// journal a side effect (<c>Step</c>), run a subgraph (<see cref="Subgraph{TChild}"/>) and use
/// the services of its run (<see cref="Services"/>).
/// </summary>
public class NodeContext
{
    private readonly TaskScope scope;

    internal NodeContext(TaskScope scope) => this.scope = scope;

    /// <summary>The thread this task belongs to (a subgraph's own thread id inside a subgraph).</summary>
    public string ThreadId => scope.ThreadId;

    /// <summary>The task's stable id: the same on every re-run of the node after an answer.</summary>
    public string TaskId => scope.TaskId;

    /// <summary>The name of the running node.</summary>
    public string Node => scope.Node;

    /// <summary>This task's path: <c>node:taskId</c> segments, outermost first.</summary>
    public IReadOnlyList<string> Path => scope.Path;

    /// <summary>The cancellation token the runner was given (a host cancels it when it stops).</summary>
    public CancellationToken CancellationToken => scope.CancellationToken;

    /// <summary>
    /// The services of this task run: the provider of a DI scope created for the run and disposed after
    /// it (class nodes are created from it too), the same for every node of a subgraph run by this task.
    /// Resolves nothing when the runner was given no service provider.
    /// </summary>
    public IServiceProvider Services => scope.Services;

    internal TaskScope Scope => scope;

    /// <summary>
    /// Asks a person. On the first run this suspends the node; once answered, the node runs again from
    /// its start and the k-th call returns the k-th answer.
    /// </summary>
    public T Interrupt<T>(object? payload, InterruptOptions? options = null) =>
        GraphJson.FromNode<T>(Interrupt(payload, options))!;

    /// <summary>Asks a person and returns the answer as JSON.</summary>
    public JsonNode? Interrupt(object? payload, InterruptOptions? options = null) =>
        Ask(payload, options, out var answer) is { } raised ? throw new GraphInterruptException(raised) : answer;

    /// <summary>
    /// Asks several questions together: every one not yet answered is raised at once (one interrupt each,
    /// answered with a resume map or one at a time), and the node runs again once all are answered; then
    /// the answers come back in the questions' order. The k-th call counts as <c>questions.Count</c> calls
    /// of <see cref="Interrupt(object?, InterruptOptions?)"/>.
    /// </summary>
    public IReadOnlyList<JsonNode?> InterruptAll(IReadOnlyList<(object? Payload, InterruptOptions? Options)> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var answers = new JsonNode?[questions.Count];
        string? first = null;
        for (var i = 0; i < questions.Count; i++)
        {
            var raised = Ask(questions[i].Payload, questions[i].Options, out answers[i]);
            first ??= raised;
        }

        return first is null ? answers : throw new GraphInterruptException(first);
    }

    /// <summary>The next call's answer, or raises the interrupt and returns its id when it has none yet.</summary>
    private string? Ask(object? payload, InterruptOptions? options, out JsonNode? answer)
    {
        var index = scope.NextInterruptIndex();
        var id = InterruptIds.For(scope.ThreadId, scope.Path, index);
        if (scope.Resume.TryGetValue(id, out answer))
        {
            answer = answer?.DeepClone();
            return null;
        }

        var validator = options?.Validator;
        if (validator is not null && scope.Graph.FindValidator(validator.Name) is null)
        {
            throw new InvalidOperationException(
                $"Validator '{validator.Name}' is not registered on graph '{scope.Graph.Name}'; register it with AddValidator.");
        }

        var timeout = Deadlines.Check(options?.Timeout ?? scope.Graph.Options.DefaultInterruptTimeout, "The interrupt's timeout");
        scope.Raise(new RaisedInterrupt
        {
            Id = id,
            Node = scope.Node,
            Path = scope.Path,
            Index = index,
            Value = GraphJson.ToNode(payload),
            Timeout = timeout,
            TimeoutValue = timeout is null ? null : GraphJson.ToNode(options?.TimeoutValue) ?? DefaultTimeoutValue(),
            RemindBefore = options?.RemindBefore,
            Validator = validator?.Name,
            Approvers = [.. options?.Approvers ?? []],
            FourEyes = options?.FourEyes ?? false,
            Answer = options?.Answer,
        });
        return id;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once per task: its result is journaled, and a re-run of the node
    /// (after an interrupt is answered) returns the journaled result without running the work again.
    /// </summary>
    public async Task<T> Step<T>(string name, Func<CancellationToken, Task<T>> work)
    {
        var key = scope.NextJournalKey(ThreadPlanner.StepJournalPrefix + name);
        if (scope.Journal.TryGetPropertyValue(key, out var recorded))
        {
            return GraphJson.FromNode<T>(recorded)!;
        }

        var result = await work(scope.CancellationToken).ConfigureAwait(false);
        scope.Journal[key] = GraphJson.ToNode(result);
        return result;
    }

    /// <inheritdoc cref="Step{T}(string, Func{CancellationToken, Task{T}})"/>
    public Task<T> Step<T>(string name, Func<T> work) => Step(name, _ => Task.FromResult(work()));

    /// <summary>
    /// Runs the subgraph registered as <paramref name="name"/> to its end and returns its final state.
    /// Its interrupts surface on this thread with a namespace; its progress is kept with this task.
    /// </summary>
    public async Task<TChild> Subgraph<TChild>(string name, object? input)
    {
        var values = await SubgraphRunner.RunAsync(this, name, GraphJson.ToNode(input) as JsonObject).ConfigureAwait(false);
        return GraphJson.FromNode<TChild>(values)!;
    }

    private static JsonObject DefaultTimeoutValue() => new() { ["approved"] = false, ["reason"] = "timeout" };
}

/// <summary>The node context of a graph whose state is <typeparamref name="TState"/>.</summary>
public sealed class NodeContext<TState> : NodeContext
{
    internal NodeContext(TaskScope scope)
        : base(scope)
    {
    }

    /// <summary>Starts a typed result: <c>ctx.Update().Set(s => s.Status, "approved")</c>.</summary>
    public Update<TState> Update() => new();
}
