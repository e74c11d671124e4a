using System.Data.Common;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interlude.Sagas.Persistence;

/// <summary>
/// A thread store that cannot be reached (a connection refused or dropped, a server shutting down,
/// restarting or starting up) is waited out, however long it is down: a message that met such an error
/// stays in hand and is tried again with back-off, never parked in <c>_error</c> and never the cause of a
/// failed thread. The store says which of its provider's errors are transient (<see cref="IThreadStore.IsOutage"/>).
/// </summary>
internal static class StoreOutage
{
    /// <summary>Back-off between tries: from a fifth of a second up to 10 s, so a store that is back is used within seconds.</summary>
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="exception"/>, or one it wraps, is a <see cref="DbException"/> that <paramref name="isTransient"/> accepts.</summary>
    public static bool Wraps(Exception exception, Func<DbException, bool> isTransient)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException || (e is DbException db && isTransient(db)))
            {
                return true;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(inner => Wraps(inner, isTransient));
            }
        }

        return false;
    }

    /// <summary>
    /// Retries every message whose handling met an outage (<paramref name="isOutage"/>) for as long as it
    /// lasts. Configure it after (inside) the endpoint's bounded retry, which must ignore outages: the
    /// outermost retry is the one whose count MassTransit writes on a message it parks.
    /// </summary>
    public static void UseOutageRetry(this IReceiveEndpointConfigurator endpoint, Func<Exception, bool> isOutage, IServiceProvider services) =>
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(isOutage);
            r.Exponential(int.MaxValue, FirstInterval, LongestInterval, FirstInterval);
            r.ConnectRetryObserver(new OutageRetryLog(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreOutage))));
        });
}
