using Interlude.Contracts;
using MassTransit;

namespace Interlude.Bench;

/// <summary>Counts messages the thread saga handled: each is one saga transaction.</summary>
internal sealed class SagaTransactionCounter : IConsumeObserver
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is StartThread or NodeExecuted or ResumeRequested)
        {
            Interlocked.Increment(ref count);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
