using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Interlude.Workers.Tests;

/// <summary>A logger provider that keeps every line written, with its structured values, for tests to read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> lines = new();

    /// <summary>The lines written so far under <paramref name="category"/>.</summary>
    public IReadOnlyList<CapturedLog> In(string category) => [.. lines.Where(l => l.Category == category)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            lines.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
        }
    }
}

/// <summary>One captured log line: its level, its text and its named values.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Text, IReadOnlyDictionary<string, object?> Values);
