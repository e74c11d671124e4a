namespace Interlude.Graph.Runtime;

/// <summary>How far ahead a deadline may be: a node's interrupt timeout, a breakpoint's, an extension.</summary>
public static class Deadlines
{
    /// <summary>366 days: a deadline later than this from now is refused, so no deadline can overflow a date.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    /// <summary>Throws when <paramref name="timeout"/> is negative or longer than <see cref="MaxAhead"/>.</summary>
    public static TimeSpan? Check(TimeSpan? timeout, string what) =>
        timeout is { } t && (t < TimeSpan.Zero || t > MaxAhead)
            ? throw new ArgumentOutOfRangeException(what, t, $"{what} is {t}; a deadline is at most 366 days ahead (Deadlines.MaxAhead) and not negative.")
            : timeout;
}
