// Key Vault (RBAC) holding the cursor signing key. The app reads the secret itself with its
// user-assigned identity (Cursors__SigningKeyUri), so the key never appears in app settings,
// environment variables or templates.

import { builtInRoles } from 'roles.bicep'

param name string
param location string
param tags object = {}

@secure()
param cursorSigningKey string

@description('The function app identity, granted Key Vault Secrets User on this vault.')
param appPrincipalId string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'cursor-signing-key'
  properties: {
    value: cursorSigningKey
    contentType: 'base64'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, builtInRoles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Versionless, so a rotated secret is what the app reads on its next start.
output cursorSigningKeyUri string = signingKey.properties.secretUri
