// Azure RBAC for the app identity (and, optionally, the deploying user): host storage and telemetry
// publishing. The API key registry has an account and roles of its own (keyregistry.bicep). Cosmos DB data access is granted in cosmos.bicep (its own
// role system), the signing key's secret in keyvault.bicep.

import { builtInRoles } from 'roles.bicep'

param storageAccountName string
param applicationInsightsName string
param identityPrincipalId string
param userPrincipalId string = ''

@allowed([ 'User', 'ServicePrincipal' ])
param userPrincipalType string = 'User'

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Identity-based host storage: blobs (leases, the deployment package), queues, and tables (the host's
// diagnostic events). This account holds no API keys, so table write access here mints none.
resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [ builtInRoles.storageBlobDataOwner, builtInRoles.storageQueueDataContributor, builtInRoles.storageTableDataContributor ]: {
    scope: storage
    name: guid(storage.id, identityPrincipalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The deploying user: blobs for local debugging against host storage.
resource userStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in (empty(userPrincipalId) ? [] : [ builtInRoles.storageBlobDataOwner ]): {
    scope: storage
    name: guid(storage.id, userPrincipalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, identityPrincipalId, builtInRoles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}
