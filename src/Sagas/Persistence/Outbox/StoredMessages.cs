using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Interlude.Sagas.Persistence.Outbox;

/// <summary>Captures a send as a row that <see cref="StoredMessage"/> can send again later (outbox and scheduler alike).</summary>
internal static class StoredMessages
{
    public static TRow Capture<TRow, T>(SendContext<T> context, DateTimeOffset now)
        where TRow : StoredMessageRow, new()
        where T : class
    {
        var headers = context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value);
        var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        var row = new TRow
        {
            MessageId = context.MessageId ?? throw new MessageException(typeof(T), "A stored message needs a message id."),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress?.ToString(),
            DestinationAddress = context.DestinationAddress?.ToString() ?? throw new MessageException(typeof(T), "A stored message needs a destination."),
            ResponseAddress = context.ResponseAddress?.ToString(),
            FaultAddress = context.FaultAddress?.ToString(),
            SentTime = context.SentTime ?? now.UtcDateTime,
            ExpirationTime = context.TimeToLive is { } ttl ? now.UtcDateTime + ttl : null,
            Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(headers),
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            CreatedAt = now,
            Captured = new CapturedMessage(headers, properties),
        };
        if (context is TransportSendContext<T> transport)
        {
            transport.WritePropertiesTo(properties);
            row.Properties = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(properties);
        }

        return row;
    }
}
