namespace Interlude.Sagas.Persistence;

/// <summary>One checkpoint of a thread, newest state kept while the thread stays on it (history and replay).</summary>
internal sealed class CheckpointRow
{
    public required string ThreadId { get; set; }

    public required string CheckpointId { get; set; }

    public string? ParentCheckpointId { get; set; }

    public int Step { get; set; }

    /// <summary><c>input</c>, <c>loop</c>, <c>update</c> or <c>fork</c>.</summary>
    public required string Source { get; set; }

    /// <summary>The thread's head while it was on this checkpoint (JSON of <c>ThreadCheckpoint</c>).</summary>
    public required string State { get; set; }

    /// <summary>The thread revision that last wrote the row; orders history newest first.</summary>
    public long Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One interrupt of a thread, open or resolved: the approval inbox (its resolutions are also appended to <see cref="InterruptResolutionRow"/>).</summary>
internal sealed class InterruptRow
{
    public required string Id { get; set; }

    public required string ThreadId { get; set; }

    public required string Graph { get; set; }

    /// <summary>The version of <see cref="Graph"/> the thread runs on, for the inbox's filter.</summary>
    public int GraphVersion { get; set; } = 1;

    public required string Node { get; set; }

    /// <summary>JSON array of namespace segments.</summary>
    public required string Ns { get; set; }

    /// <summary><c>before</c>, <c>during</c> or <c>after</c>.</summary>
    public required string When { get; set; }

    /// <summary>The payload as JSON text (<c>null</c> for breakpoints).</summary>
    public string? Value { get; set; }

    /// <summary><c>open</c>, or how it was resolved: <c>answered</c>, <c>timed-out</c>, <c>cancelled</c>, <c>updated</c>, <c>withdrawn</c>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    /// <summary>The accepted answer as JSON text.</summary>
    public string? Answer { get; set; }

    /// <summary>JSON array of the roles any one of which an answer must carry; <c>[]</c>: anyone.</summary>
    public string Approvers { get; set; } = "[]";

    /// <summary>Whether the thread's starter may not answer it.</summary>
    public bool FourEyes { get; set; }

    /// <summary>Who started the thread, copied from it so the inbox reads one table.</summary>
    public string? StartedBy { get; set; }

    /// <summary>The answer form as JSON text (<c>AnswerFormInfo</c>); null when the interrupt declares none.</summary>
    public string? AnswerForm { get; set; }
}

/// <summary>
/// One resolution of an interrupt, appended in the transaction that resolved it and never changed: the
/// audit of who answered what, and what tells a late answer "already resolved". Not kept in the
/// checkpoint, which would otherwise grow with every answer.
/// </summary>
internal sealed class InterruptResolutionRow
{
    /// <summary>Orders a thread's resolutions (several can share a time).</summary>
    public long SequenceNumber { get; set; }

    public required string ThreadId { get; set; }

    public required string InterruptId { get; set; }

    /// <summary><c>answered</c>, <c>timed-out</c>, <c>cancelled</c>, <c>updated</c> or <c>withdrawn</c>.</summary>
    public required string Outcome { get; set; }

    /// <summary>The accepted answer as JSON text (null for other outcomes).</summary>
    public string? Answer { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset ResolvedAt { get; set; }

    /// <summary>What the entry records (<c>AuditActions</c>): a resolution's cause, or a command on the whole thread.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The authentication scheme of <see cref="ResolvedBy"/>, when it came over HTTP.</summary>
    public string? Scheme { get; set; }

    /// <summary>What else the change carried, as JSON text.</summary>
    public string? Detail { get; set; }
}

/// <summary>A message that was consumed, so a redelivery changes nothing.</summary>
internal sealed class InboxRow
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// The idempotency key of an applied command, kept for the retention: scoped by thread id, or for starts by
/// <c>CommandKey.StartScope</c>. A null hash (keys migrated from before hashes) matches any content.
/// </summary>
internal sealed class IdempotencyKeyRow
{
    public required string Scope { get; set; }

    public required string IdempotencyKey { get; set; }

    public required string ThreadId { get; set; }

    /// <summary>SHA-256 hex of the command's canonical content (<c>RequestHash</c>).</summary>
    public string? RequestHash { get; set; }

    /// <summary><c>accepted</c>, or (keys migrated from before) the reason it was refused.</summary>
    public required string Outcome { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A message stored to be sent later, in the shape MassTransit's outbox sends it again.</summary>
internal abstract class StoredMessageRow
{
    public Guid MessageId { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public string? SourceAddress { get; set; }

    public string DestinationAddress { get; set; } = string.Empty;

    public string? ResponseAddress { get; set; }

    public string? FaultAddress { get; set; }

    public DateTime SentTime { get; set; }

    public DateTime? ExpirationTime { get; set; }

    public string? Headers { get; set; }

    public string? Properties { get; set; }

    /// <summary>
    /// <see cref="Headers"/> and <see cref="Properties"/> as captured, while the row that captured them is
    /// still in memory (not stored): a row sent right after its commit is not parsed back from JSON.
    /// </summary>
    public CapturedMessage? Captured { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public string MessageType { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A message sent or published while handling a message, stored with the state change, delivered after commit.</summary>
internal sealed class OutboxRow : StoredMessageRow
{
    public long SequenceNumber { get; set; }
}

/// <summary>
/// A message scheduled for <see cref="DueAt"/>, stored in the transaction that scheduled it; the
/// dispatcher sends it once it is due, then deletes it. Cancelled by deleting it by its token.
/// </summary>
internal sealed class ScheduledMessageRow : StoredMessageRow
{
    /// <summary>MassTransit's scheduling token, also sent as the <c>MT-Scheduling-TokenId</c> header.</summary>
    public Guid TokenId { get; set; }

    public DateTimeOffset DueAt { get; set; }
}

/// <summary>The headers and transport properties of a message captured in this process.</summary>
internal sealed record CapturedMessage(IReadOnlyDictionary<string, object> Headers, IReadOnlyDictionary<string, object> Properties);
