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

// Azure RBAC needs the kind of principal; azd provisioning from CI signs in as a service principal.
@allowed([ 'User', 'ServicePrincipal' ])
@description('Kind of principalId: User (azd auth login as a person) or ServicePrincipal (CI).')
param principalType string = 'User'

// Bicep has no random-bytes function, and newGuid() would draw a new key on every deployment,
// invalidating the cursors in flight. So azd generates the key once per environment (64 letters and
// digits, about 381 random bits; as base64 they decode to 48 bytes, above the 32 the code asks for)
// and keeps it in the environment's config, which every later `azd provision` reuses. A value in
// CURSORS_SIGNING_KEY (main.parameters.json) takes precedence.
@metadata({ azd: { type: 'generate', config: { length: 64, noSpecial: true } } })
@secure()
@description('Base64 of at least 32 random bytes that signs paging cursors; azd generates it once per environment.')
param cursorSigningKey string

@description('Cosmos DB manual throughput: 0 for serverless (the default, nothing to pay at rest), or provisioned RU/s for the database.')
param cosmosThroughput int = 0

@description('Cosmos DB autoscale: the most RU/s the database scales to (from a tenth of it); 0 to keep serverless or manual throughput.')
param cosmosAutoscaleMaxThroughput int = 0

@description('Cosmos DB replicas spread over availability zones (only when the account is first created).')
param cosmosZoneRedundant bool = false

@description('Cosmos DB backup: Continuous7Days (point-in-time restore over 7 days, no charge), Continuous30Days, or Periodic.')
@allowed([ 'Continuous7Days', 'Continuous30Days', 'Periodic' ])
param cosmosBackupPolicy string = 'Continuous7Days'

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

// Log Analytics and Application Insights as two resource modules rather than the azd monitoring
// pattern module, which cannot turn off local (instrumentation-key) auth.
module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'loganalytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
    features: {
      disableLocalAuth: true
    }
  }
}

module appInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'appinsights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Telemetry is accepted only with an Entra token (the app's identity; see app/api-config.bicep).
    disableLocalAuth: true
  }
}

module storage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    // Host storage and the deployment package are reached with the app's identity only.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    // The module's default firewall denies everything; the app has no virtual network to come from.
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [ { name: deploymentContainerName } ]
    }
  }
}

// The API key registry, in an account of its own: the app may only read keys there (keyregistry.bicep).
module keyRegistry 'app/keyregistry.bicep' = {
  name: 'keyregistry'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}keys${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    throughput: cosmosThroughput
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    zoneRedundant: cosmosZoneRedundant
    backupPolicy: cosmosBackupPolicy
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
    cursorSigningKey: cursorSigningKey
    appPrincipalId: identity.outputs.principalId
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    // Flex Consumption (Linux only): scales to zero, billed per execution and memory-second.
    skuName: 'FC1'
    kind: 'functionapp'
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
    deploymentContainerUrl: '${storage.outputs.serviceEndpoints.blob}${deploymentContainerName}'
    identityId: identity.outputs.resourceId
    settings: {
      identityClientId: identity.outputs.clientId
      hostStorageAccountName: storage.outputs.name
      applicationInsightsConnectionString: appInsights.outputs.connectionString
      keyRegistryTableEndpoint: keyRegistry.outputs.tableEndpoint
      cosmosEndpoint: cosmos.outputs.endpoint
      cosmosDatabase: cosmos.outputs.databaseName
      conversationsContainer: cosmos.outputs.conversationsContainerName
      variablesContainer: cosmos.outputs.variablesContainerName
      cursorSigningKeyUri: keyVault.outputs.cursorSigningKeyUri
    }
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: appInsights.outputs.name
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName
// The API key registry (Azure Table storage): azd's postprovision hook issues the first key there.
output AZURE_STORAGE_TABLE_ENDPOINT string = keyRegistry.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = appInsights.outputs.connectionString
