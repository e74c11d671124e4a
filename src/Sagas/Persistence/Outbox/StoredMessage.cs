using MassTransit;
using MassTransit.Middleware;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>An outbox row as MassTransit's <see cref="OutboxMessageSendPipe"/> reads it to send it again.</summary>
internal sealed class StoredMessage(StoredMessageRow row) : OutboxMessageContext
{
    private readonly Headers headers = new DictionarySendHeaders(
        row.Captured?.Headers.ToDictionary(h => h.Key, h => (object?)h.Value)
        ?? SystemTextJsonMessageSerializer.Instance.DeserializeDictionary<object?>(row.Headers)
        ?? new Dictionary<string, object?>());

    public long SequenceNumber => row is OutboxRow outbox ? outbox.SequenceNumber : 0;

    public Guid MessageId => row.MessageId;

    Guid? MessageContext.MessageId => row.MessageId;

    public string ContentType => row.ContentType;

    public string MessageType => row.MessageType;

    public string Body => row.Body;

    public IReadOnlyDictionary<string, object> Properties { get; } =
        row.Captured?.Properties
        ?? SystemTextJsonMessageSerializer.Instance.DeserializeDictionary<object>(row.Properties)
        ?? new Dictionary<string, object>();

    public Guid? RequestId => row.RequestId;

    public Guid? CorrelationId => row.CorrelationId;

    public Guid? ConversationId => row.ConversationId;

    public Guid? InitiatorId => row.InitiatorId;

    public DateTime? ExpirationTime => row.ExpirationTime;

    public Uri? SourceAddress => Address(row.SourceAddress);

    public Uri? DestinationAddress => Address(row.DestinationAddress);

    public Uri? ResponseAddress => Address(row.ResponseAddress);

    public Uri? FaultAddress => Address(row.FaultAddress);

    public DateTime? SentTime => row.SentTime;

    public Headers Headers => headers;

    public HostInfo Host => HostMetadataCache.Host;

    private static Uri? Address(string? address) => address is null ? null : new Uri(address);
}
