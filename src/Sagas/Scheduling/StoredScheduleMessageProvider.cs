using Interlude.Sagas.Persistence;
using Interlude.Sagas.Persistence.Outbox;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;

namespace Interlude.Sagas.Scheduling;

/// <summary>
/// MassTransit's scheduling contract on Interlude's own store: a scheduled send becomes a stored
/// message with an absolute due time and a token (also its <c>MT-Scheduling-TokenId</c> header, so
/// the state machine can tell a stale copy); cancelling forgets it. Scheduling wakes this host's
/// dispatcher when the message falls due before it would look again.
/// </summary>
internal sealed class StoredScheduleMessageProvider(IScheduledMessageStore store, SchedulerWakeUp wakeUp, TimeProvider time) : IScheduleMessageProvider
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        var tokenId = ScheduleTokenIdCache<T>.GetTokenId(message);
        var context = new MessageSendContext<T>(message, cancellationToken)
        {
            DestinationAddress = destinationAddress,
            Serializer = SystemTextJsonMessageSerializer.Instance,
            ContentType = SystemTextJsonMessageSerializer.JsonContentType,
        };
        await pipe.Send(context);
        context.Headers.Set(MessageHeaders.SchedulingTokenId, tokenId.ToString("D"));

        var dueAt = new DateTimeOffset(scheduledTime.Kind == DateTimeKind.Local ? scheduledTime.ToUniversalTime() : DateTime.SpecifyKind(scheduledTime, DateTimeKind.Utc));
        var row = StoredMessages.Capture<ScheduledMessageRow, T>(context, time.GetUtcNow());
        row.TokenId = tokenId;
        row.DueAt = dueAt;
        await store.Add(row, cancellationToken);
        wakeUp.Scheduled(dueAt);
        return new ScheduledMessageHandle<T>(tokenId, scheduledTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => store.Cancel(tokenId, cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => store.Cancel(tokenId, cancellationToken);
}
