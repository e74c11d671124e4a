using System.Collections.Immutable;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Fans the thread events this process receives out to the open streams. Each stream reads its own
/// bounded queue; a stream that falls that far behind is closed (its client reconnects and gets a
/// fresh snapshot) rather than slowing the bus down. An event whose message id it fanned out recently
/// (a re-send) is not fanned out again.
/// </summary>
internal sealed class ThreadEventHub
{
    public const int Capacity = 1024;

    /// <summary>About 1 MB of ids: the events of the last ten seconds or more at a thousand events a second.</summary>
    public const int RememberedMessageIds = 16_384;

    private readonly RecentMessageIds recent = new(RememberedMessageIds);

    private ImmutableArray<ThreadEventSubscription> subscriptions = [];

    /// <summary>Events matching <paramref name="filter"/> from now on, until the subscription is disposed.</summary>
    public ThreadEventSubscription Subscribe(Func<ThreadEvent, bool> filter)
    {
        var subscription = new ThreadEventSubscription(this, filter, Capacity);
        ImmutableInterlocked.Update(ref subscriptions, (list, s) => list.Add(s), subscription);
        return subscription;
    }

    /// <summary>True if the hub fanned out the message <paramref name="messageId"/> recently.</summary>
    public bool Seen(Guid messageId) => recent.Contains(messageId);

    /// <summary>Offers <paramref name="threadEvent"/> to every stream, unless the message <paramref name="messageId"/> was fanned out recently.</summary>
    public void Publish(ThreadEvent threadEvent, Guid messageId)
    {
        if (!recent.Add(messageId))
        {
            return;
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Offer(threadEvent);
        }
    }

    internal void Remove(ThreadEventSubscription subscription) =>
        ImmutableInterlocked.Update(ref subscriptions, (list, s) => list.Remove(s), subscription);
}
