using Conversations.Storage.Cosmos;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>A log entry with its structured values: the point is that they are fields, not text.</summary>
public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps what the store logs, at every level.</summary>
public sealed class RecordingLogger : ILogger<CosmosConversationStore>
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        lock (_entries)
        {
            _entries.Add(new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
        }
    }
}
