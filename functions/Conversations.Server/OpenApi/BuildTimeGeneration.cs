using System.Reflection;
using System.Security.Cryptography;

namespace Conversations.Server.OpenApi;

/// <summary>
/// The build writes the OpenAPI documents by starting this app inside the ApiDescription tool
/// (GetDocument.Insider) with a server that binds no port. The app then needs settings that pass its
/// start-up checks and touch nothing: Cosmos DB and a key registry table at addresses that are never
/// called (their clients connect on first use, and nothing creates containers or tables), and a
/// throwaway signing key. Nothing is written to disk.
/// </summary>
internal static class BuildTimeGeneration
{
    public static bool IsRunning { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Cosmos",
        ["Storage:Cosmos:Endpoint"] = "https://openapi-generation.invalid/",
        ["Storage:Cosmos:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
        ["Cursors:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Auth:KeyStore:Provider"] = "Tables",
        ["Auth:KeyStore:Tables:Endpoint"] = "https://openapi-generation.invalid/",
    };
}
