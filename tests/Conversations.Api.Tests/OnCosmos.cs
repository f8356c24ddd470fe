using Conversations.Api.Tests.Dify;
using Conversations.Api.Tests.Hosting;
using Conversations.Api.Tests.Items;
using Conversations.Api.Tests.Mielto;
using Conversations.Api.Tests.OpenAI;

namespace Conversations.Api.Tests;

// The whole HTTP contract suite once more with Storage__Provider=Cosmos.
public sealed class DifyConversationsContractTestsOnCosmos(CosmosApiHost host) : DifyConversationsContractTests<CosmosApiHost>(host);

public sealed class DifyVariablesContractTestsOnCosmos(CosmosApiHost host) : DifyVariablesContractTests<CosmosApiHost>(host);

public sealed class OpenAIConversationsContractTestsOnCosmos(CosmosApiHost host) : OpenAIConversationsContractTests<CosmosApiHost>(host);

public sealed class MieltoConversationsContractTestsOnCosmos(CosmosApiHost host) : MieltoConversationsContractTests<CosmosApiHost>(host);

public sealed class OpenAIItemsContractTestsOnCosmos(CosmosApiHost host) : OpenAIItemsContractTests<CosmosApiHost>(host);

public sealed class DifyMessagesContractTestsOnCosmos(CosmosApiHost host) : DifyMessagesContractTests<CosmosApiHost>(host);
