using MassTransit;
using Microsoft.Extensions.Logging;

namespace Interlude.Sagas.Persistence;

/// <summary>
/// Says in the log that messages wait for the store, so an outage (or an error the provider calls
/// transient that does not heal) is seen: a warning at a message's first retry and every tenth after,
/// a line when it went on.
/// </summary>
internal sealed class OutageRetryLog(ILogger logger) : IRetryObserver
{
    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        if (context.RetryCount % 10 == 0)
        {
            logger.LogWarning(context.Exception, "The thread store cannot be reached; message {MessageId} waits for it (try {Try}, next in {Delay}).", MessageId(context), context.RetryAttempt + 1, context.Delay);
        }

        return Task.CompletedTask;
    }

    public Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        logger.LogInformation("The thread store answered again; message {MessageId} went on after {Tries} tries.", MessageId(context), context.RetryAttempt + 1);
        return Task.CompletedTask;
    }

    private static Guid? MessageId<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        context.Context is ConsumeContext consume ? consume.MessageId : null;
}
