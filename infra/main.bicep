targetScope = 'subscription'

// Conversations API on Azure: a Flex Consumption function app over Cosmos DB for NoSQL, with a
// user-assigned identity for every data-plane call (no keys anywhere), Key Vault for the cursor
// signing key, and Application Insights. `azd up` provisions this and deploys the app.

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds a short unique token used in resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource (must offer Flex Consumption).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user, granted data access for local debugging. Empty to skip.')
param principalId string = ''

@description('Tenant proven by the first API key (Dify app / Foundry project / Mielto workspace).')
param apiKeyTenant string = 'default'

@secure()
@description('Hex SHA-256 of the first API key (printf %s "$KEY" | sha256sum). The key itself is never deployed.')
param apiKeySha256 string

@secure()
@description('Base64 of at least 32 random bytes that signs paging cursors. Empty: generate one (see generatedCursorSigningKey).')
param cursorSigningKey string = ''

@secure()
@description('Used when cursorSigningKey is empty: 48 random bytes from three GUIDs. Set CURSORS_SIGNING_KEY in the azd environment to keep the key (and issued cursors) stable across provisions.')
param generatedCursorSigningKey string = base64('${newGuid()}${newGuid()}${newGuid()}')

@description('Cosmos DB throughput: 0 for serverless (the default, nothing to pay at rest), or provisioned RU/s for the database.')
param cosmosThroughput int = 0

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// The store's layout (functions/Conversations.Storage.Cosmos/CosmosLayout.cs); a test keeps them equal.
var cosmosDatabaseName = 'conversations'
var conversationsContainerName = 'conversations'
var variablesContainerName = 'variables'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'br/public:avm/ptn/azd/monitoring:0.1.0' = {
  name: 'monitoring'
  scope: rg
  params: {
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    blobServices: {
      containers: [ { name: deploymentContainerName } ]
    }
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    throughput: cosmosThroughput
    containers: [
      {
        name: conversationsContainerName
        partitionKeyPaths: [ '/tenantId', '/userId' ]
        sortIndexes: [ [ '/updatedAt', '/id' ], [ '/createdAt', '/id' ], [ '/name', '/id' ] ]
      }
      {
        name: variablesContainerName
        partitionKeyPaths: [ '/tenantId', '/userId' ]
        sortIndexes: [ [ '/createdAt', '/id' ] ]
      }
    ]
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    cursorSigningKey: empty(cursorSigningKey) ? generatedCursorSigningKey : cursorSigningKey
    secretsUserPrincipalId: identity.outputs.principalId
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    appSettings: {
      Storage__Provider: 'Cosmos'
      Storage__Cosmos__Endpoint: cosmos.outputs.endpoint
      Storage__Cosmos__Database: cosmosDatabaseName
      Storage__Cosmos__ConversationsContainer: conversationsContainerName
      Storage__Cosmos__VariablesContainer: variablesContainerName
      Storage__Cosmos__ManagedIdentityClientId: identity.outputs.clientId
      Auth__ApiKeys__0__Tenant: apiKeyTenant
      Auth__ApiKeys__0__KeySha256: apiKeySha256
      Cursors__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.cursorSigningKeyUri})'
    }
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmosDatabaseName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
