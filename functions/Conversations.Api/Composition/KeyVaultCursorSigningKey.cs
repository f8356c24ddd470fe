using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Conversations.Paging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conversations.Api.Composition;

/// <summary>
/// The cursor signing key read from Key Vault by the app itself, retried with backoff in the
/// background until it arrives. On a first deployment the role assignment that lets the app read the
/// secret takes minutes to propagate: a Key Vault reference resolved by the platform would stay
/// unresolved until the next restart, and failing to start would leave the app down. Here the app
/// starts at once, and only requests that need a cursor answer 503 with Retry-After until the key is in.
/// The secret's previous enabled version, when there is one, is read as well and still verifies the
/// cursors it signed (a rotation is a new version; disabling the old one retires its cursors).
/// </summary>
public sealed partial class KeyVaultCursorSigningKey(
    SecretClient client,
    KeyVaultSecretIdentifier secret,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<KeyVaultCursorSigningKey> logger) : BackgroundService, ICursorSigningKeySource
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    /// <summary>Backoff stops growing here: propagation takes minutes, and each attempt is one cheap read.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private byte[]? _key;
    private IReadOnlyList<byte[]> _previousKeys = [];
    private long _nextAttemptTicks;

    public byte[]? Key => Volatile.Read(ref _key);

    public IReadOnlyList<byte[]> PreviousKeys => Volatile.Read(ref _previousKeys);

    public TimeSpan RetryAfter
    {
        get
        {
            var wait = new DateTimeOffset(Interlocked.Read(ref _nextAttemptTicks), TimeSpan.Zero) - time.GetUtcNow();
            return wait > FirstRetry ? wait : FirstRetry;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Exchange(ref _nextAttemptTicks, (time.GetUtcNow() + wait).UtcTicks);
            if (await TryLoadAsync(attempt, wait, stoppingToken))
            {
                return;
            }

            await Task.Delay(wait, time, stoppingToken);
            wait = wait * 2 < LongestRetry ? wait * 2 : LongestRetry;
        }
    }

    private async Task<bool> TryLoadAsync(int attempt, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret value = await client.GetSecretAsync(secret.Name, secret.Version, cancellationToken);
            if (CursorOptions.KeyProblem(value.Value, environment.IsDevelopment()) is { } problem)
            {
                // Someone may fix the secret: keep trying, as for an outage.
                Log.Unusable(logger, secret.Name, secret.VaultUri, problem, wait);
                return false;
            }

            // The previous version first: a cursor it signed is accepted from the moment cursors are made.
            await LoadPreviousAsync(value.Properties, cancellationToken);
            Volatile.Write(ref _key, CursorOptions.Decode(value.Value));
            Log.Loaded(logger, secret.Name, secret.VaultUri, attempt);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or AggregateException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // AggregateException: the SDK's own retries ran out without a response; a cancellation we
            // did not ask for is its network timeout. Anything escaping here would stop the host.
            Log.Failed(logger, e, secret.Name, secret.VaultUri, (e as RequestFailedException)?.Status ?? 0, attempt, wait);
        }

        return false;
    }

    /// <summary>The newest enabled version older than <paramref name="current"/>, if any; a failure only costs the old cursors.</summary>
    private async Task LoadPreviousAsync(SecretProperties current, CancellationToken cancellationToken)
    {
        try
        {
            SecretProperties? previous = null;
            await foreach (var version in client.GetPropertiesOfSecretVersionsAsync(secret.Name, cancellationToken))
            {
                if (version.Enabled == true && version.Version != current.Version && version.CreatedOn < current.CreatedOn
                    && (previous is null || version.CreatedOn > previous.CreatedOn))
                {
                    previous = version;
                }
            }

            if (previous is null)
            {
                return;
            }

            KeyVaultSecret value = await client.GetSecretAsync(secret.Name, previous.Version, cancellationToken);
            if (CursorOptions.Decode(value.Value) is { } key)
            {
                Volatile.Write(ref _previousKeys, [key]);
            }
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or AggregateException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.PreviousFailed(logger, e, secret.Name, secret.VaultUri);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "The previous version of cursor signing key {Secret} in {Vault} could not be read; cursors it signed are refused")]
        public static partial void PreviousFailed(ILogger logger, Exception exception, string secret, Uri vault);

        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Cursor signing key {Secret} read from {Vault} (attempt {Attempt})")]
        public static partial void Loaded(ILogger logger, string secret, Uri vault, int attempt);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Cursor signing key {Secret} not readable from {Vault} (status {Status}, attempt {Attempt}); cursor requests answer 503 until it is, next try in {Wait}")]
        public static partial void Failed(ILogger logger, Exception exception, string secret, Uri vault, int status, int attempt, TimeSpan wait);

        [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Cursor signing key {Secret} in {Vault} cannot sign cursors: {Problem} Next try in {Wait}")]
        public static partial void Unusable(ILogger logger, string secret, Uri vault, string problem, TimeSpan wait);
    }
}
