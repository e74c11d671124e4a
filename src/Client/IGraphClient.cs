using System.Text.Json.Nodes;
using Interlude.Contracts;

namespace Interlude.Client;

/// <summary>
/// Drives threads over the bus. Start and resume return once the thread pauses, completes or fails;
/// past the wait they throw <see cref="ThreadWaitTimeoutException"/>. A refused command throws
/// <see cref="ThreadCommandException"/>. A command given an idempotency key applies at most once while the key
/// is kept (<c>Interlude:Threads:IdempotencyKeyRetention</c>): a retry with it returns the first outcome, and the
/// key with a different command is refused with <c>idempotency-key-reused</c>.
/// </summary>
public interface IGraphClient
{
    /// <summary>
    /// Starts a thread and waits until it pauses or ends. With no <paramref name="threadId"/>, the thread gets a new
    /// id, or with an <paramref name="idempotencyKey"/> the id that key names (<see cref="IdempotencyKeys.ThreadIdOf"/>),
    /// so that a retry finds the thread the first start created. A key names one start: a retry with it returns
    /// that start's thread and applies nothing; the key with another graph, input or thread id is refused
    /// (<c>idempotency-key-reused</c>).
    /// </summary>
    Task<ThreadStateSnapshot> InvokeAsync(string graph, JsonObject? input, string? threadId = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Answers the one open interrupt with <paramref name="value"/> (JSON null included).</summary>
    Task<ThreadStateSnapshot> ResumeAsync(string threadId, JsonNode? value, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Answers several interrupts: interrupt id -> value.</summary>
    Task<ThreadStateSnapshot> ResumeAsync(string threadId, IReadOnlyDictionary<string, JsonNode?> answers, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>The thread's snapshot, or null if it does not exist.</summary>
    Task<ThreadStateSnapshot?> GetStateAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="values"/> (channel -> value) through the reducers of a paused thread; with <paramref name="asNode"/>, as that node's output.</summary>
    Task<ThreadStateSnapshot> UpdateStateAsync(string threadId, JsonObject values, string? asNode = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>The thread's checkpoints, newest first, or null if it does not exist.</summary>
    Task<IReadOnlyList<ThreadStateSnapshot>?> GetHistoryAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>A page of the thread's audit, oldest first (every accepted change: who, how, when, what), or null if it does not exist.</summary>
    Task<IReadOnlyList<AuditEntry>?> GetAuditAsync(string threadId, int page = 1, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Continues the thread from an earlier checkpoint as a fork, and waits until it pauses or ends. The fork
    /// reuses the <c>ctx.Step</c> results its branch recorded unless <paramref name="rerunSteps"/>.
    /// </summary>
    Task<ThreadStateSnapshot> ReplayAsync(string threadId, string checkpointId, bool rerunSteps = false, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Moves an open interrupt's deadline to <paramref name="expiresAt"/>, or <paramref name="extendBy"/> past its current one (give exactly one).</summary>
    Task<ThreadStateSnapshot> ExtendDeadlineAsync(string threadId, string interruptId, DateTimeOffset? expiresAt, TimeSpan? extendBy, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels the thread; <paramref name="by"/> is recorded as who closed its open interrupts.</summary>
    Task<ThreadStateSnapshot> CancelAsync(string threadId, string? reason = null, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Open interrupts across threads, oldest first, each saying whether this client's principal may answer
    /// it (<see cref="PendingInterrupt.MayAnswer"/>); <paramref name="mine"/>: only those; <paramref name="graphVersion"/>:
    /// only those of threads on that version of their graph.
    /// </summary>
    Task<IReadOnlyList<PendingInterrupt>> ListInterruptsAsync(string? graph = null, int page = 1, int pageSize = 100, bool mine = false, int? graphVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A client whose commands carry <paramref name="principal"/>: its name as <c>By</c> (unless a call names
    /// someone) and its roles as <c>Roles</c>.
    /// </summary>
    IGraphClient As(ThreadPrincipal principal);
}

/// <summary>
/// The thread did not pause or end within the wait. The command was accepted for handling and will
/// still take effect; <see cref="Snapshot"/> is the thread as it was when the wait ran out (null if
/// the start has not been handled yet).
/// </summary>
public sealed class ThreadWaitTimeoutException(string threadId, ThreadStateSnapshot? snapshot)
    : TimeoutException($"Thread '{threadId}' did not pause or end within the wait.")
{
    /// <summary>The thread that was waited for.</summary>
    public string ThreadId { get; } = threadId;

    /// <summary>The thread when the wait ran out; null if the start has not been handled yet.</summary>
    public ThreadStateSnapshot? Snapshot { get; } = snapshot;
}

/// <summary>A command was refused; nothing changed. <see cref="Reason"/> is the machine-readable reason.</summary>
public sealed class ThreadCommandException(string reason, string message) : Exception(message)
{
    /// <summary>The refusal's reason, as <see cref="CommandRejected.Reason"/> or <see cref="ResumeRejected.Reason"/> (such as <c>not-interrupted</c>, <c>thread-exists</c>).</summary>
    public string Reason { get; } = reason;
}
