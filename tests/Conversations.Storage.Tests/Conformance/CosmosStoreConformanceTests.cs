using Conversations.Storage.Tests.Cosmos;

namespace Conversations.Storage.Tests.Conformance;

public sealed class CosmosStoreConformanceTests(CosmosStoreFixture fixture) : StoreConformanceTests(fixture.Store), IClassFixture<CosmosStoreFixture>;
