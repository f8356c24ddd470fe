// Built-in role definition ids, each named after its role, shared by the modules that grant them.
// ARM accepts any GUID in a role assignment and fails only at deployment (RoleDefinitionDoesNotExist),
// so the infrastructure tests compare every id with the published one.

@export()
@description('Azure RBAC built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).')
var builtInRoles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

@export()
@description('Cosmos DB for NoSQL data-plane roles, a role system of their own (https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles).')
var cosmosDataRoles = {
  cosmosDbBuiltInDataContributor: '00000000-0000-0000-0000-000000000002'
}
