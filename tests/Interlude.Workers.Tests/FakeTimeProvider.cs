namespace Interlude.Workers.Tests;

/// <summary>
/// A clock the tests move by hand; timers stay on real time, so the scheduler keeps polling and sees
/// the new time within its poll interval.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
