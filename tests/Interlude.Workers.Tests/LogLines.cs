using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Interlude.Workers.Tests;

/// <summary>A logger provider that keeps every formatted line at Warning or above, to assert what a host reported.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>The warnings and errors logged so far, formatted, in order.</summary>
    public IReadOnlyList<string> Warnings => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
