// Cosmos DB for NoSQL: account (key auth off), database, the store's containers with their
// hierarchical partition keys and composite indexes, and data-plane RBAC for the app's identity.

param name string
param location string
param tags object = {}
param databaseName string

@description('0 for serverless; otherwise provisioned RU/s on the database.')
param throughput int = 0

@description('Each: { name, partitionKeyPaths: string[], sortIndexes: string[][] } (paths of one ORDER BY, sort field then /id).')
param containers array

@description('The function app identity, granted the built-in Data Contributor role.')
param appPrincipalId string

@description('The deploying user, granted the same role for local debugging; empty to skip.')
param userPrincipalId string = ''

// Cosmos DB Built-in Data Contributor (a data-plane role, distinct from Azure RBAC roles).
var cosmosDbBuiltInDataContributor = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: throughput == 0 ? [ { name: 'EnableServerless' } ] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: throughput == 0 ? {} : { throughput: throughput }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: container.partitionKeyPaths
          kind: 'MultiHash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [ { path: '/*' } ]
          excludedPaths: [ { path: '/"_etag"/?' } ]
          // Both directions of each sort, as the store's CreateIfMissing declares them.
          compositeIndexes: flatten(map(container.sortIndexes, index => [
            map(index, path => { path: path, order: 'ascending' })
            map(index, path => { path: path, order: 'descending' })
          ]))
        }
      }
    }
  }
]

resource appDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, cosmosDbBuiltInDataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDbBuiltInDataContributor}'
    principalId: appPrincipalId
    scope: account.id
  }
}

resource userDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = if (!empty(userPrincipalId)) {
  parent: account
  name: guid(account.id, userPrincipalId, cosmosDbBuiltInDataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDbBuiltInDataContributor}'
    principalId: userPrincipalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output name string = account.name
