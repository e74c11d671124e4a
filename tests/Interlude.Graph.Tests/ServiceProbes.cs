namespace Interlude.Graph.Tests;

/// <summary>A singleton the DI tests inject: a fixed greeting.</summary>
internal sealed record Greeting(string Text);

/// <summary>Counts the <see cref="ScopedProbe"/> instances made and disposed (registered as a singleton).</summary>
internal sealed class ProbeCounts
{
    private int created;
    private int disposed;

    public int Created => Volatile.Read(ref created);

    public int Disposed => Volatile.Read(ref disposed);

    public int NextId() => Interlocked.Increment(ref created);

    public void CountDisposal() => Interlocked.Increment(ref disposed);
}

/// <summary>A scoped service that knows which instance it is and reports its disposal.</summary>
internal sealed class ScopedProbe(ProbeCounts counts) : IAsyncDisposable
{
    public int Id { get; } = counts.NextId();

    public bool IsDisposed { get; private set; }

    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        counts.CountDisposal();
        return ValueTask.CompletedTask;
    }
}
