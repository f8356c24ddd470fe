// The Flex Consumption function app: .NET 10 isolated worker, code deployed from a blob container,
// every dependency reached with the user-assigned identity. Its configuration comes from
// api-config.bicep, passed to the site module unchanged.

import { appSettings, appSettingsInputs, functionAppConfig, siteConfig } from 'api-config.bicep'

param name string
param location string
param tags object = {}
param planId string
param deploymentContainerUrl string
param identityId string

@description('Everything the app settings are made of.')
param settings appSettingsInputs

param instanceMemoryMB int = 2048
param maximumInstanceCount int = 100

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
    functionAppConfig: functionAppConfig(deploymentContainerUrl, identityId, instanceMemoryMB, maximumInstanceCount)
    siteConfig: siteConfig()
    httpsOnly: true
    reserved: true
    configs: [
      {
        name: 'appsettings'
        // The template owns every setting. Retaining the current ones would read them back with
        // list() and pass them, secrets added by hand included, as plain module inputs that anyone
        // who can read the deployment history sees. API keys now live in the key registry.
        retainCurrentAppSettings: false
        properties: appSettings(settings)
      }
    ]
  }
}

output name string = site.outputs.name
output uri string = 'https://${site.outputs.defaultHostname}'
