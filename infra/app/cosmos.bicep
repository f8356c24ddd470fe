// Cosmos DB for NoSQL: account (key auth off), database, the store's containers with their
// hierarchical partition keys and composite indexes, and data-plane RBAC for the app's identity.

import { cosmosDataRoles } from 'roles.bicep'

param name string
param location string
param tags object = {}

@description('0 for serverless; otherwise provisioned RU/s on the database.')
param throughput int = 0

@description('The function app identity, granted the built-in Data Contributor role.')
param appPrincipalId string

@description('The deploying user, granted the same role for local debugging; empty to skip.')
param userPrincipalId string = ''

// The store's layout (CosmosLayout in functions/Conversations.Storage.Cosmos, which creates the same
// containers when CreateIfMissing is on); the infrastructure tests compare the two.
@export()
var databaseName = 'conversations'

@export()
var partitionKeyPaths = [ '/tenantId', '/userId' ]

@export()
@description('The items container\'s partition key: one logical partition per conversation.')
var itemKeyPaths = [ '/tenantId', '/userId', '/conversationId' ]

@export()
@description('A container of the store: the hierarchical partition key and, for each ORDER BY the store issues (the sort field, then /id), a composite index in both directions.')
func container(id string, sortIndexes string[][]) resourceInput<'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15'>.properties.resource => containerWithKey(id, partitionKeyPaths, sortIndexes)

@export()
@description('A container with its own partition key paths and composite indexes in both directions.')
func containerWithKey(id string, keyPaths string[], sortIndexes string[][]) resourceInput<'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15'>.properties.resource => {
  id: id
  partitionKey: {
    paths: keyPaths
    kind: 'MultiHash'
    version: 2
  }
  indexingPolicy: {
    indexingMode: 'consistent'
    automatic: true
    includedPaths: [ { path: '/*' } ]
    excludedPaths: [ { path: '/"_etag"/?' } ]
    compositeIndexes: flatten(map(sortIndexes, index => [
      map(index, path => { path: path, order: 'ascending' })
      map(index, path => { path: path, order: 'descending' })
    ]))
  }
}

@export()
var conversationsContainer = container('conversations', [ [ '/updatedAt', '/id' ], [ '/createdAt', '/id' ], [ '/name', '/id' ] ])

@export()
var variablesContainer = container('variables', [ [ '/createdAt', '/id' ] ])

// Each query's equality filters first, then its sort: a page of all items, a page of user messages.
@export()
var itemsContainer = containerWithKey('items', itemKeyPaths, [
  [ '/tenantId', '/userId', '/conversationId', '/createdAt', '/seq' ]
  [ '/tenantId', '/userId', '/conversationId', '/role', '/createdAt', '/seq' ]
])

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
  for resource in [ conversationsContainer, variablesContainer, itemsContainer ]: {
    parent: database
    name: resource.id
    properties: {
      resource: resource
    }
  }
]

var dataContributor = cosmosDataRoles.cosmosDbBuiltInDataContributor

resource appDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, dataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    principalId: appPrincipalId
    scope: account.id
  }
}

resource userDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = if (!empty(userPrincipalId)) {
  parent: account
  name: guid(account.id, userPrincipalId, dataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    principalId: userPrincipalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output name string = account.name
output databaseName string = database.name
output conversationsContainerName string = conversationsContainer.id
output variablesContainerName string = variablesContainer.id
output itemsContainerName string = itemsContainer.id
