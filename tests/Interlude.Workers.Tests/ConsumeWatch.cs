using MassTransit;

namespace Interlude.Workers.Tests;

/// <summary>Counts every consumed message, copies included (the harness's own lists keep one entry per message id).</summary>
internal sealed class ConsumeWatch : IConsumeObserver
{
    private readonly Lock gate = new();
    private readonly List<(Guid? MessageId, object Message)> consumed = [];
    private readonly List<(Func<Guid?, object, bool> Match, int Count, TaskCompletionSource Done)> waits = [];

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        lock (gate)
        {
            consumed.Add((context.MessageId, context.Message));
            foreach (var wait in waits.Where(w => consumed.Count(c => w.Match(c.MessageId, c.Message)) >= w.Count))
            {
                wait.Done.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    /// <summary>Completes once <paramref name="count"/> messages matching <paramref name="filter"/> were consumed.</summary>
    public Task WhenConsumed<T>(Func<T, bool> filter, int count) => When((_, m) => m is T message && filter(message), count);

    /// <summary>Completes once the message <paramref name="messageId"/> was consumed <paramref name="count"/> times.</summary>
    public Task WhenReceived(Guid messageId, int count) => When((id, _) => id == messageId, count);

    private Task When(Func<Guid?, object, bool> match, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waits.Add((match, count, done));
            if (consumed.Count(c => match(c.MessageId, c.Message)) >= count)
            {
                done.TrySetResult();
            }
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
