using System.Collections;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Interlude.Workers.Tests;

/// <summary>
/// Interlude's spans and metrics through OpenTelemetry's in-memory exporter. The source and meter are
/// process-wide, so tests running in parallel share them: a test reads only its own thread's spans and its
/// own graph's metric points.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly Exported<Activity> spans = new();
    private readonly Exported<MetricSnapshot> metrics = new();
    private readonly TracerProvider tracer;
    private readonly MeterProvider meter;

    public TelemetryCapture()
    {
        tracer = Sdk.CreateTracerProviderBuilder().AddSource(InterludeTelemetry.Name).AddInMemoryExporter(spans).Build();
        meter = Sdk.CreateMeterProviderBuilder().AddMeter(InterludeTelemetry.Name).AddInMemoryExporter(metrics).Build();
    }

    /// <summary>The ended spans of <paramref name="threadId"/> so far.</summary>
    public IReadOnlyList<Activity> SpansOf(string threadId) =>
        [.. spans.Snapshot().Where(s => Equals(s.GetTagItem("interlude.thread.id"), threadId))];

    /// <summary>
    /// Waits (up to 20 s) until the thread's spans satisfy <paramref name="done"/>: a span ends only after
    /// the message that made it was handled, which may be after the caller got its answer.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SpansOfAsync(string threadId, Func<IReadOnlyList<Activity>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var seen = SpansOf(threadId);
        while (!done(seen) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            seen = SpansOf(threadId);
        }

        return seen;
    }

    /// <summary>The current points of metric <paramref name="name"/> tagged with <paramref name="graph"/>.</summary>
    public IReadOnlyList<MetricPoint> Points(string name, string graph)
    {
        metrics.Clear();
        meter.ForceFlush();
        return [.. metrics.Snapshot()
            .Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Equals(Tag(p, "interlude.graph"), graph))];
    }

    /// <summary>The sum of counter <paramref name="name"/> over the graph's points that carry every tag of <paramref name="tags"/>.</summary>
    public long Count(string name, string graph, params (string Key, object Value)[] tags) =>
        Points(name, graph).Where(p => tags.All(t => Equals(Tag(p, t.Key), t.Value))).Sum(p => p.GetSumLong());

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>, default 20 s) until the graph's gauge value satisfies
    /// <paramref name="done"/> and returns it; null: no point. An observable gauge is read at each collection.
    /// </summary>
    public async Task<long?> GaugeAsync(string name, string graph, Func<long?, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        long? value = null;
        do
        {
            var points = Points(name, graph);
            value = points.Count == 0 ? null : points.Sum(p => p.GetGaugeLastValueLong());
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return value;
    }

    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    public void Dispose()
    {
        tracer.Dispose();
        meter.Dispose();
    }

    /// <summary>What the exporter adds to (from the threads that end spans), read as a copy.</summary>
    private sealed class Exported<T> : ICollection<T>
    {
        private readonly Lock gate = new();
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (gate)
            {
                return [.. items];
            }
        }

        public void Add(T item)
        {
            lock (gate)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (gate)
            {
                items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (gate)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
