// What the function app is configured with: its Flex Consumption settings, site config and app
// settings, as exported functions that compile without the registry. api.bicep passes their results
// unchanged to the site module; the infrastructure tests evaluate them with the Bicep CLI and bind the
// app settings into the app's own options.

@export()
@description('What the app settings are made of: the identity and what main.bicep provisions.')
type appSettingsInputs = {
  @description('Client id of the user-assigned identity every data-plane call signs in with.')
  identityClientId: string

  @description('The storage account of the Functions host (identity-based, shared keys off).')
  hostStorageAccountName: string

  applicationInsightsConnectionString: string

  @description('Table endpoint of the API key registry, e.g. https://<account>.table.core.windows.net/.')
  keyRegistryTableEndpoint: string

  cosmosEndpoint: string
  cosmosDatabase: string
  conversationsContainer: string
  variablesContainer: string

  @description('Versionless URI of the Key Vault secret holding the cursor signing key.')
  cursorSigningKeyUri: string
}

@export()
func appSettings(inputs appSettingsInputs) { *: string } => {
  // The host derives the blob, queue and table endpoints from the account name and signs in as the
  // user-assigned identity.
  AzureWebJobsStorage__accountName: inputs.hostStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: inputs.identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: inputs.applicationInsightsConnectionString
  // Application Insights has local auth off: telemetry goes out with the identity's token.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${inputs.identityClientId};Authorization=AAD'

  // The app's one credential, shared by its Cosmos DB, Tables, Key Vault and Azure Monitor clients, in
  // the form Microsoft.Extensions.Azure reads: the user-assigned identity.
  Azure__credential: 'managedidentity'
  Azure__clientId: inputs.identityClientId

  Storage__Provider: 'Cosmos'
  Storage__Cosmos__Endpoint: inputs.cosmosEndpoint
  Storage__Cosmos__Database: inputs.cosmosDatabase
  Storage__Cosmos__ConversationsContainer: inputs.conversationsContainer
  Storage__Cosmos__VariablesContainer: inputs.variablesContainer
  // Read by the Cosmos DB SDK from the environment: on Linux it plans queries with its bundled native
  // library instead of asking the gateway for a plan before every query under a key prefix (every list).
  AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX: 'true'

  Auth__KeyStore__Provider: 'Tables'
  Auth__KeyStore__Tables__Endpoint: inputs.keyRegistryTableEndpoint

  // Read by the app itself rather than through a Key Vault reference: a reference that is still
  // unresolved while the role assignment propagates would leave the app without a key until restarted,
  // whereas the app retries in the background and only cursor requests wait for it.
  Cursors__SigningKeyUri: inputs.cursorSigningKeyUri
}

@export()
func functionAppConfig(
  deploymentContainerUrl string,
  identityResourceId string,
  instanceMemoryMB int,
  maximumInstanceCount int
) resourceInput<'Microsoft.Web/sites@2025-03-01'>.properties.functionAppConfig => {
  deployment: {
    storage: {
      type: 'blobContainer'
      value: deploymentContainerUrl
      authentication: {
        type: 'UserAssignedIdentity'
        userAssignedIdentityResourceId: identityResourceId
      }
    }
  }
  scaleAndConcurrency: {
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  runtime: {
    name: 'dotnet-isolated'
    version: '10.0'
  }
}

// Replaces the site module's default (alwaysOn, ftpsState), which Flex Consumption rejects: its
// runtime and scale live in functionAppConfig, FTP does not exist there, and the platform health
// check is not offered on Flex Consumption (docs/functions-and-deploy.md).
@export()
func siteConfig() resourceInput<'Microsoft.Web/sites@2025-03-01'>.properties.siteConfig => {
  minTlsVersion: '1.2'
}
