// The Flex Consumption function app: .NET 10 isolated worker, code deployed from a blob container,
// every dependency reached with the user-assigned identity.

param name string
param location string
param tags object = {}
param planId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param identityId string
param identityClientId string

@description('The settings the app reads (see the README configuration table).')
param appSettings object

param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var hostSettings = {
  // Identity-based host storage (the account has shared-key access disabled): the host derives the
  // blob, queue and table endpoints from the account name and signs in as the user-assigned identity.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  // Application Insights has local auth disabled, so telemetry goes out with the identity's token.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

module site 'br/public:avm/res/web/site:0.24.0' = {
  name: '${name}-site'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    serverFarmResourceId: planId
    managedIdentities: {
      userAssignedResourceIds: [ identityId ]
    }
    keyVaultAccessIdentityResourceId: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
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
    // Replaces the module's default, whose alwaysOn: true Flex Consumption rejects.
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    httpsOnly: true
    reserved: true
    configs: [
      {
        name: 'appsettings'
        // Settings added by hand (more API keys: Auth__ApiKeys__1__…) survive a re-provision.
        retainCurrentAppSettings: true
        properties: union(appSettings, hostSettings)
      }
    ]
  }
}

output name string = site.outputs.name
output uri string = 'https://${site.outputs.defaultHostname}'
