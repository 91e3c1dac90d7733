using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fini.Emulator.Tests.Support;

/// <summary>Collects what Kestrel and ASP.NET Core log at Warning and above (the emulator itself sends these logs nowhere).</summary>
internal sealed class ServerLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    /// <summary>Fails with the entries if anything was logged at Warning or above, for example "An unhandled exception was thrown by the application".</summary>
    public void AssertClean()
    {
        Assert.True(_entries.IsEmpty, "The server logged:\n" + string.Join("\n", _entries.ToArray()));
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.GetType().FullName + ": " + exception.Message)}");
            }
        }
    }
}
