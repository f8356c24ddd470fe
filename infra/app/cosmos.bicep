// Cosmos DB for NoSQL: account (key auth off, continuous backup, optional zone redundancy), database
// (serverless, autoscale or manual throughput), the store's containers with their hierarchical
// partition keys and indexing policies, and data-plane RBAC for the app's identity.

import { cosmosDataRoles } from 'roles.bicep'

param name string
param location string
param tags object = {}

@description('Manual provisioned RU/s shared by the database; 0 (with autoscaleMaxThroughput 0) for serverless.')
param throughput int = 0

@description('Autoscale: the most RU/s the database scales to (it scales down to a tenth); 0 for serverless or manual throughput.')
param autoscaleMaxThroughput int = 0

@description('Spread the account\'s replicas over availability zones. Settable only when the account is created.')
param zoneRedundant bool = false

@description('Continuous7Days (point-in-time restore, free), Continuous30Days, or Periodic (the longest periodic retention: 30 days).')
@allowed([ 'Continuous7Days', 'Continuous30Days', 'Periodic' ])
param backupPolicy string = 'Continuous7Days'

@description('The function app identity, granted the built-in Data Contributor role.')
param appPrincipalId string

@description('The deploying user, granted the same role for local debugging; empty to skip.')
param userPrincipalId string = ''

var serverless = throughput == 0 && autoscaleMaxThroughput == 0

// The store's layout (CosmosLayout in functions/Conversations.Storage.Cosmos, which creates the same
// containers when CreateIfMissing is on; docs/cosmos-layout.md); the infrastructure tests compare the two.
@export()
var databaseName = 'conversations'

@export()
@description('The key levels every container starts with: the tenant, then the end user.')
var partitionKeyPaths = [ '/tenantId', '/userId' ]

// Composite indexes of the conversations container: for each scope, each combination of the list
// filters that test equality, and each sort, one index with those paths in that order. Declared once,
// ascending: Cosmos DB serves the descending sort from the same index.
var conversationScopes = [ [ '/tenantId' ], [ '/tenantId', '/userId' ] ]
var conversationEqualityFilters = [ [], [ '/status' ], [ '/agentName' ], [ '/agentName', '/agentVersion' ], [ '/status', '/agentName' ], [ '/status', '/agentName', '/agentVersion' ] ]
var conversationSorts = [ [ '/updatedAt', '/id' ], [ '/createdAt', '/id' ], [ '/name', '/id' ], [ '/id' ] ]
var filterCount = length(conversationEqualityFilters)
var sortCount = length(conversationSorts)
var conversationCompositeIndexes = [for i in range(0, length(conversationScopes) * filterCount * sortCount): concat(
  conversationScopes[i / (filterCount * sortCount)], conversationEqualityFilters[(i / sortCount) % filterCount], conversationSorts[i % sortCount])]

@export()
@description('A container of the store: its hierarchical partition key, only the paths its queries filter or sort on indexed, and its composite indexes, each declared once.')
func container(id string, keyPaths string[], indexedPaths string[], compositeIndexes string[][]) resourceInput<'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15'>.properties.resource => {
  id: id
  partitionKey: {
    paths: keyPaths
    kind: 'MultiHash'
    version: 2
  }
  indexingPolicy: {
    indexingMode: 'consistent'
    automatic: true
    includedPaths: map(indexedPaths, path => { path: path })
    excludedPaths: [ { path: '/*' } ]
    compositeIndexes: map(compositeIndexes, index => map(index, path => { path: path, order: 'ascending' }))
  }
}

@export()
var conversationsContainer = container(
  'conversations',
  concat(partitionKeyPaths, [ '/id' ]),
  [ '/tenantId/?', '/userId/?', '/status/?', '/agentName/?', '/agentVersion/?', '/createdAt/?', '/updatedAt/?', '/name/?', '/nameFolded/?', '/collections/[]/?' ],
  conversationCompositeIndexes)

@export()
var variablesContainer = container(
  'variables',
  concat(partitionKeyPaths, [ '/conversationId' ]),
  [ '/tenantId/?', '/userId/?', '/conversationId/?', '/createdAt/?', '/nameFolded/?' ],
  [ [ '/tenantId', '/userId', '/conversationId', '/createdAt', '/id' ] ])

// Conversation items: each query's equality filters first, then its sort: a page of all items, a page
// of user messages.
@export()
var itemsContainer = container(
  'items',
  concat(partitionKeyPaths, [ '/conversationId' ]),
  [ '/tenantId/?', '/userId/?', '/conversationId/?', '/role/?', '/createdAt/?', '/seq/?' ],
  [
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
        isZoneRedundant: zoneRedundant
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [ { name: 'EnableServerless' } ] : []
    backupPolicy: backupPolicy == 'Periodic'
      ? {
          type: 'Periodic'
          periodicModeProperties: {
            backupIntervalInMinutes: 240
            backupRetentionIntervalInHours: 720
            backupStorageRedundancy: 'Geo'
          }
        }
      : {
          type: 'Continuous'
          continuousModeProperties: {
            tier: backupPolicy
          }
        }
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
    options: autoscaleMaxThroughput > 0
      ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }
      : throughput > 0 ? { throughput: throughput } : {}
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
