using System.Text.Json.Nodes;
using Interlude.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Interlude.Client;

/// <summary><see cref="IGraphClient"/> over MassTransit request clients; the thread saga answers.</summary>
internal sealed class GraphClient(IClientFactory clients, IOptions<GraphClientOptions> options) : IGraphClient
{
    private ThreadPrincipal principal = ThreadPrincipal.Anonymous;

    public IGraphClient As(ThreadPrincipal principal) => new GraphClient(clients, options) { principal = principal };

    public async Task<ThreadStateSnapshot> InvokeAsync(string graph, JsonObject? input, string? threadId = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        threadId ??= idempotencyKey is null ? ThreadIdentity.NewId() : IdempotencyKeys.ThreadIdOf(idempotencyKey);
        var start = new StartThread { ThreadId = threadId, Graph = graph, Input = JsonBridge.ToElement(input), IdempotencyKey = idempotencyKey, By = principal.Name, Roles = principal.Roles, Scheme = principal.Scheme };
        return await WaitForSettled<StartThread, CommandRejected>(threadId, start, r => (r.Reason, r.Message), cancellationToken);
    }

    public Task<ThreadStateSnapshot> ResumeAsync(string threadId, JsonNode? value, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Resume(new ResumeRequested { ThreadId = threadId, Resume = JsonBridge.ToElement(value), By = by ?? principal.Name, Roles = principal.Roles, Scheme = principal.Scheme, IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<ThreadStateSnapshot> ResumeAsync(string threadId, IReadOnlyDictionary<string, JsonNode?> answers, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Resume(
            new ResumeRequested
            {
                ThreadId = threadId,
                ResumeMap = answers.ToDictionary(a => a.Key, a => JsonBridge.ToElement(a.Value) ?? JsonBridge.Null),
                By = by ?? principal.Name,
                Roles = principal.Roles, Scheme = principal.Scheme,
                IdempotencyKey = idempotencyKey,
            },
            cancellationToken);

    public Task<ThreadStateSnapshot?> GetStateAsync(string threadId, CancellationToken cancellationToken = default) =>
        GetState(threadId, TimeSpan.FromSeconds(30), cancellationToken);

    private async Task<ThreadStateSnapshot?> GetState(string threadId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = clients.CreateRequestClient<GetThreadState>(RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
        var response = await client.GetResponse<ThreadStateSnapshot, ThreadNotFound>(new GetThreadState { ThreadId = threadId }, cancellationToken);
        return response.Is(out Response<ThreadStateSnapshot>? snapshot) ? snapshot.Message : null;
    }

    public Task<ThreadStateSnapshot> UpdateStateAsync(string threadId, JsonObject values, string? asNode = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        WaitForSettled<UpdateThreadState, CommandRejected>(
            threadId,
            new UpdateThreadState { ThreadId = threadId, Values = JsonBridge.ToObjectElement(values), AsNode = asNode, IdempotencyKey = idempotencyKey, By = principal.Name, Roles = principal.Roles, Scheme = principal.Scheme },
            r => (r.Reason, r.Message),
            cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>?> GetAuditAsync(string threadId, int page = 1, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateRequestClient<GetThreadAudit>(RequestTimeout.After(s: 30));
        var response = await client.GetResponse<ThreadAudit, ThreadNotFound>(new GetThreadAudit { ThreadId = threadId, Page = page, PageSize = pageSize }, cancellationToken);
        return response.Is(out Response<ThreadAudit>? audit) ? audit.Message.Items : null;
    }

    public async Task<IReadOnlyList<ThreadStateSnapshot>?> GetHistoryAsync(string threadId, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateRequestClient<GetThreadHistory>(RequestTimeout.After(s: 30));
        var response = await client.GetResponse<ThreadHistory, ThreadNotFound>(new GetThreadHistory { ThreadId = threadId }, cancellationToken);
        return response.Is(out Response<ThreadHistory>? history) ? history.Message.Items : null;
    }

    public Task<ThreadStateSnapshot> ReplayAsync(string threadId, string checkpointId, bool rerunSteps = false, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        WaitForSettled<ReplayThread, CommandRejected>(threadId, new ReplayThread { ThreadId = threadId, CheckpointId = checkpointId, RerunSteps = rerunSteps, IdempotencyKey = idempotencyKey, By = principal.Name, Roles = principal.Roles, Scheme = principal.Scheme }, r => (r.Reason, r.Message), cancellationToken);

    public Task<ThreadStateSnapshot> ExtendDeadlineAsync(string threadId, string interruptId, DateTimeOffset? expiresAt, TimeSpan? extendBy, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        WaitForSettled<ExtendInterruptDeadline, CommandRejected>(
            threadId,
            new ExtendInterruptDeadline { ThreadId = threadId, InterruptId = interruptId, ExpiresAt = expiresAt, ExtendBy = extendBy, IdempotencyKey = idempotencyKey, By = by ?? principal.Name, Roles = principal.Roles, Scheme = principal.Scheme },
            r => (r.Reason, r.Message),
            cancellationToken);

    public Task<ThreadStateSnapshot> CancelAsync(string threadId, string? reason = null, string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        WaitForSettled<CancelThread, CommandRejected>(threadId, new CancelThread { ThreadId = threadId, Reason = reason, IdempotencyKey = idempotencyKey, By = by ?? principal.Name, Roles = principal.Roles, Scheme = principal.Scheme }, r => (r.Reason, r.Message), cancellationToken);

    public async Task<IReadOnlyList<PendingInterrupt>> ListInterruptsAsync(string? graph = null, int page = 1, int pageSize = 100, bool mine = false, int? graphVersion = null, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateRequestClient<ListInterrupts>(RequestTimeout.After(s: 30));
        var query = new ListInterrupts { Graph = graph, GraphVersion = graphVersion, Page = page, PageSize = pageSize, By = principal.Name, Roles = principal.Roles, Mine = mine };
        var response = await client.GetResponse<InterruptList>(query, cancellationToken);
        return response.Message.Items;
    }

    private Task<ThreadStateSnapshot> Resume(ResumeRequested message, CancellationToken cancellationToken) =>
        WaitForSettled<ResumeRequested, ResumeRejected>(message.ThreadId, message, r => (r.Reason, r.Message), cancellationToken);

    /// <summary>
    /// Sends a command and waits for the snapshot the saga sends once the thread pauses or ends. The
    /// command itself never expires: when the wait runs out it is still handled, and the caller gets
    /// <see cref="ThreadWaitTimeoutException"/> with the thread's snapshot at that moment.
    /// </summary>
    private async Task<ThreadStateSnapshot> WaitForSettled<TCommand, TRefusal>(
        string threadId,
        TCommand command,
        Func<TRefusal, (string Reason, string Message)> describe,
        CancellationToken cancellationToken)
        where TCommand : class
        where TRefusal : class
    {
        var client = clients.CreateRequestClient<TCommand>(RequestTimeout.After(ms: (int)options.Value.Wait.TotalMilliseconds));
        try
        {
            var response = await client.GetResponse<ThreadStateSnapshot, TRefusal>(command, request => request.UseExecute(send => send.TimeToLive = null), cancellationToken);
            if (response.Is(out Response<TRefusal>? refused))
            {
                var (reason, text) = describe(refused.Message);
                throw new ThreadCommandException(reason, text);
            }

            return response.Is(out Response<ThreadStateSnapshot>? settled)
                ? settled.Message
                : throw new InvalidOperationException($"Unexpected response to {typeof(TCommand).Name}.");
        }
        catch (RequestTimeoutException)
        {
            // The saga did not settle in time; a thread that does not answer this either (its database stalls)
            // throws RequestTimeoutException, as any query that is not answered does.
            throw new ThreadWaitTimeoutException(threadId, await GetState(threadId, options.Value.Wait, cancellationToken));
        }
    }
}
