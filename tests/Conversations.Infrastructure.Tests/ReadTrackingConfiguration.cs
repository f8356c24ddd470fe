using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// App settings as the Functions host hands them to the worker (environment variables, <c>__</c>
/// separating sections), remembering every key the app looks up, so a test can tell which settings
/// the app reads without a list of its own.
/// </summary>
internal sealed class ReadTrackingConfiguration : ConfigurationProvider, IConfigurationSource
{
    private readonly ConcurrentDictionary<string, byte> _read = new(StringComparer.OrdinalIgnoreCase);

    public ReadTrackingConfiguration(IReadOnlyDictionary<string, string> appSettings)
    {
        foreach (var (name, value) in appSettings)
        {
            // The environment-variables provider's rule: a double underscore separates sections.
            Data[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }

        Root = new ConfigurationBuilder().Add(this).Build();
    }

    public IConfigurationRoot Root { get; }

    public bool WasRead(string appSetting) => _read.ContainsKey(appSetting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal));

    public override bool TryGet(string key, out string? value)
    {
        _read.TryAdd(key, 0);
        return base.TryGet(key, out value);
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
