using System.Collections.Immutable;

namespace Interlude.AspNetCore.Events;

/// <summary>
/// Fans the thread events this process receives out to the open streams. Each stream reads its own
/// bounded queue; a stream that falls that far behind is closed (its client reconnects and gets a
/// fresh snapshot) rather than slowing the bus down.
/// </summary>
internal sealed class ThreadEventHub
{
    public const int Capacity = 1024;

    private ImmutableArray<ThreadEventSubscription> subscriptions = [];

    /// <summary>Events matching <paramref name="filter"/> from now on, until the subscription is disposed.</summary>
    public ThreadEventSubscription Subscribe(Func<ThreadEvent, bool> filter)
    {
        var subscription = new ThreadEventSubscription(this, filter, Capacity);
        ImmutableInterlocked.Update(ref subscriptions, (list, s) => list.Add(s), subscription);
        return subscription;
    }

    public void Publish(ThreadEvent threadEvent)
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Offer(threadEvent);
        }
    }

    internal void Remove(ThreadEventSubscription subscription) =>
        ImmutableInterlocked.Update(ref subscriptions, (list, s) => list.Remove(s), subscription);
}
