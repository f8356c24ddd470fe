using Conversations.Api.Tests.Dify;
using Conversations.Api.Tests.Hosting;
using Conversations.Api.Tests.Items;
using Conversations.Api.Tests.Hostile;
using Conversations.Api.Tests.Mielto;
using Conversations.Api.Tests.OpenAI;

namespace Conversations.Api.Tests;

// The same HTTP contract suites through the real Functions app, under the local Functions host, on
// SQLite (one app for all of them: tenants keep their data apart); and, as a smoke test of the app
// on Cosmos DB, the cross-dialect metadata suite there.
[Collection(OnSharedFunctionsApp.Name)]
public sealed class DifyConversationsContractTestsOnFunctions(FunctionsApiHost host) : DifyConversationsContractTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class DifyVariablesContractTestsOnFunctions(FunctionsApiHost host) : DifyVariablesContractTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class OpenAIConversationsContractTestsOnFunctions(FunctionsApiHost host) : OpenAIConversationsContractTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class MieltoConversationsContractTestsOnFunctions(FunctionsApiHost host) : MieltoConversationsContractTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class HostileInputTestsOnFunctions(FunctionsApiHost host) : HostileInputTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class MetadataAcrossDialectsTestsOnFunctions(FunctionsApiHost host) : MetadataAcrossDialectsTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class TenantIsolationTestsOnFunctions(FunctionsApiHost host) : TenantIsolationTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class KeyPermissionTestsOnFunctions(FunctionsApiHost host) : KeyPermissionTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class AuthenticationTestsOnFunctions(FunctionsApiHost host) : AuthenticationTests<FunctionsApiHost>(host);

public sealed class MetadataAcrossDialectsTestsOnFunctionsAndCosmos(FunctionsCosmosApiHost host) : MetadataAcrossDialectsTests<FunctionsCosmosApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class OpenAIItemsContractTestsOnFunctions(FunctionsApiHost host) : OpenAIItemsContractTests<FunctionsApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class DifyMessagesContractTestsOnFunctions(FunctionsApiHost host) : DifyMessagesContractTests<FunctionsApiHost>(host);
