namespace Conversations.Storage.Cosmos;

/// <summary>The Cosmos DB store's settings (<c>Storage__Cosmos__…</c>).</summary>
public sealed class CosmosStoreOptions
{
    /// <summary>The account endpoint, e.g. <c>https://myaccount.documents.azure.com:443/</c>.</summary>
    public string Endpoint { get; set; } = "";

    public string Database { get; set; } = CosmosLayout.DefaultDatabase;

    public string ConversationsContainer { get; set; } = CosmosLayout.DefaultConversationsContainer;

    public string VariablesContainer { get; set; } = CosmosLayout.DefaultVariablesContainer;

    public string ItemsContainer { get; set; } = CosmosLayout.DefaultItemsContainer;

    /// <summary>An account key, for the emulator or a test server only. Without it the store signs in with the app's one Microsoft Entra credential (a <c>TokenCredential</c> service).</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Create the database and containers at start, and again when they vanish while the store runs
    /// (local use: an emulator restarted empty); in Azure, Bicep creates them.
    /// </summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>Talk to the gateway at exactly <see cref="Endpoint"/> (emulators and test servers behind one address).</summary>
    public bool GatewayOnly { get; set; }

    /// <summary>
    /// The most start-up waits for the warm-up (<see cref="CosmosWarmUp"/>): a token, the account and
    /// container metadata, connections and the query planner, which a cold instance would otherwise
    /// load inside its first requests. Past it the app starts and the warm-up goes on in the background.
    /// </summary>
    public int WarmUpSeconds { get; set; } = 5;

    /// <summary>
    /// How long one attempt of a request may wait for the service before the SDK retries it (direct
    /// mode). With the 429 budget below it leaves room for a retry inside the API's 10 s deadline.
    /// </summary>
    public int RequestTimeoutSeconds { get; set; } = 4;

    /// <summary>The most the SDK waits in all on throttling (429) before the store answers 503 with the service's wait.</summary>
    public int RateLimitRetrySeconds { get; set; } = 4;
}
