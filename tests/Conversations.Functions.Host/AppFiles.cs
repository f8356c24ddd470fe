using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Conversations.Functions.Host;

/// <summary>worker.config.json: how to start the app's worker (written by the worker SDK at build).</summary>
internal sealed record WorkerConfig(WorkerDescription Description)
{
    public const string FileName = "worker.config.json";

    public static WorkerConfig Read(string appDirectory) =>
        AppFiles.Read(Path.Combine(appDirectory, FileName), AppJsonContext.Default.WorkerConfig)
        ?? throw new InvalidDataException($"{FileName} in {appDirectory} has no worker description.");
}

internal sealed record WorkerDescription(string DefaultExecutablePath, string DefaultWorkerPath);

/// <summary>The part of host.json the host routes by.</summary>
internal sealed record HostJson(HostJsonExtensions? Extensions)
{
    /// <summary>The Functions host's prefix when host.json sets none.</summary>
    public const string DefaultRoutePrefix = "api";

    public static string RoutePrefix(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        var hostJson = File.Exists(path) ? AppFiles.Read(path, AppJsonContext.Default.HostJson) : null;
        return hostJson?.Extensions?.Http?.RoutePrefix ?? DefaultRoutePrefix;
    }
}

internal sealed record HostJsonExtensions(HostJsonHttp? Http);

internal sealed record HostJsonHttp(string? RoutePrefix);

/// <summary>local.settings.json as Core Tools reads it: its <c>Values</c> become the worker's environment.</summary>
internal sealed record LocalSettings(Dictionary<string, string?>? Values)
{
    public static IReadOnlyDictionary<string, string?> ReadValues(string? path) =>
        path is null ? new Dictionary<string, string?>() : AppFiles.Read(path, AppJsonContext.Default.LocalSettings)?.Values ?? [];
}

/// <summary>A binding of a function, as the worker reports it (the JSON of functions.metadata).</summary>
internal sealed record FunctionBinding(string? Name, string? Type, string[]? Methods, string? Route);

internal static class AppFiles
{
    public static T? Read<T>(string path, JsonTypeInfo<T> type)
    {
        using var file = File.OpenRead(path);
        return JsonSerializer.Deserialize(file, type);
    }
}

// The Functions host reads these files leniently: any property case, comments, trailing commas.
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(WorkerConfig))]
[JsonSerializable(typeof(HostJson))]
[JsonSerializable(typeof(LocalSettings))]
[JsonSerializable(typeof(FunctionBinding))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
