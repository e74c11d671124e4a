using System.Threading.Channels;

namespace Interlude.AspNetCore.Events;

/// <summary>One stream's queue of events; completed when disposed or when it overflows.</summary>
internal sealed class ThreadEventSubscription : IDisposable
{
    private readonly ThreadEventHub hub;
    private readonly Func<ThreadEvent, bool> filter;
    private readonly Channel<ThreadEvent> channel;

    internal ThreadEventSubscription(ThreadEventHub hub, Func<ThreadEvent, bool> filter, int capacity)
    {
        this.hub = hub;
        this.filter = filter;
        channel = Channel.CreateBounded<ThreadEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    public ChannelReader<ThreadEvent> Reader => channel.Reader;

    /// <summary>True when events were lost because the reader fell behind (the queue is then completed).</summary>
    public bool Overflowed { get; private set; }

    public void Dispose()
    {
        hub.Remove(this);
        channel.Writer.TryComplete();
    }

    internal void Offer(ThreadEvent threadEvent)
    {
        if (filter(threadEvent) && !channel.Writer.TryWrite(threadEvent) && !Overflowed)
        {
            Overflowed = true;
            channel.Writer.TryComplete();
        }
    }
}
