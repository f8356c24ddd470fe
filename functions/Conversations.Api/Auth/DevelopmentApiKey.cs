using Conversations.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conversations.Api.Auth;

/// <summary>
/// Lets a newcomer call the API at once: in Development, when the registry holds no active key for the
/// local tenant, this start-up step issues one, like <c>keys create</c> would, and prints it once. The
/// registry keeps only its hash, so the key keeps working across restarts and is never printed again.
/// </summary>
public sealed class DevelopmentApiKey(ApiKeyRegistry registry, TextWriter console, ILogger<DevelopmentApiKey> logger) : IHostedService
{
    public const string Tenant = "local";

    /// <summary>The service key of a <see cref="TextWriter"/> that replaces the console (for tests).</summary>
    public const string ConsoleServiceKey = "development-api-key-console";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IssuedApiKey issued;
        try
        {
            if ((await registry.ListAsync(Tenant, cancellationToken)).Any(k => !k.IsRevoked))
            {
                return;
            }

            issued = await registry.CreateAsync(Tenant, "development", cancellationToken);
        }
        catch (KeyRegistryUnavailableException e)
        {
            // The server still starts: configured keys work, and the next start tries again.
            AuthLog.DevelopmentKeyFailed(logger, e);
            return;
        }

        // Written to the console, not the logger: it is shown once to the person who started the
        // server and must never reach a log sink.
        await console.WriteLineAsync($"""

            Development API key for tenant '{Tenant}' (shown once; the key registry keeps only its hash):

                {issued.Key}

            Issue, list and revoke keys with: Conversations.Server keys --help

            """);
        await console.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
