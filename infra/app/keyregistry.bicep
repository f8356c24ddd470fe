// The API key registry in a storage account of its own, so that access to it can be least privilege:
// the app's identity may read the keys table and nothing more (it cannot issue, change or revoke a
// key, whatever it runs), and write only the table where it records when keys were last used. Only
// the deploying principal may write keys (`keys create` / `keys revoke`, azd's postprovision hook).
// Host storage stays separate: the Functions host needs Table Data Contributor on its own account
// for its diagnostic events, which would also have covered a registry kept there.

import { builtInRoles } from 'roles.bicep'

param name string
param location string
param tags object = {}

@description('The function app identity: reads keys, records their use.')
param appPrincipalId string

@description('The deploying principal, the only one that may issue and revoke keys; empty to grant no one.')
param userPrincipalId string = ''

@allowed([ 'User', 'ServicePrincipal' ])
param userPrincipalType string = 'User'

// The tables the app is configured with (Auth__KeyStore__Tables__TableName / __UsageTableName defaults).
@export()
var keysTableName = 'apikeys'

@export()
var usageTableName = 'apikeyuse'

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    // Entra tokens only: an account key would bypass every role below.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

// Created here, not by the first write: a role can be scoped to a table only once the table exists.
resource keysTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = {
  parent: tableService
  name: keysTableName
}

resource usageTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = {
  parent: tableService
  name: usageTableName
}

resource appReadsKeys 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keysTable
  name: guid(keysTable.id, appPrincipalId, builtInRoles.storageTableDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataReader)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appRecordsUse 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: usageTable
  name: guid(usageTable.id, appPrincipalId, builtInRoles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userManagesKeys 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: account
  name: guid(account.id, userPrincipalId, builtInRoles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataContributor)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
