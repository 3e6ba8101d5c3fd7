// Saver on Azure: a Linux Functions app (.NET 10 isolated worker) on the Flex Consumption plan,
// the storage account that holds every kata and group, and Application Insights. No key or
// password anywhere: the app reaches storage and Application Insights with its system-assigned
// managed identity. Deploy (infra/README.md):
//   az deployment group create -g <group> -f infra/main.bicep -p name=<unique-name> allowedInboundAddresses='["203.0.113.7/32"]'
//   ./infra/package.sh && az functionapp deployment source config-zip -g <group> -n <unique-name> --src publish/saver.zip

@description('A globally unique name for the function app (also names the monitoring resources).')
@minLength(3)
@maxLength(40)
param name string

param location string = resourceGroup().location

@description('Who may call Saver: the cyber-dojo web servers\' addresses, as CIDR ranges (e.g. 203.0.113.7/32). Empty: nobody can.')
param allowedInboundAddresses string[]

@description('Instances kept running whatever the load, so the repository cache stays warm and no call waits for a cold start.')
@minValue(1)
param alwaysReadyInstances int = 1

@description('The most instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstances int = 40

@description('Memory of each instance, MB.')
@allowed([2048, 4096])
param instanceMemoryMB int = 2048

@description('NCRONTAB (with seconds, UTC) of the ScheduledDownloads timer: daily at 03:00.')
param scheduledDownloadsSchedule string = '0 0 3 * * *'

// 'st' and 13 characters unique to the resource group and name: a valid, globally unique account name.
var storageName = 'st${uniqueString(resourceGroup().id, name)}'
var dataContainer = 'saver'
var archiveContainer = 'saver-archive'
var packageContainer = 'app-package'

// Built-in roles.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Identity only: the account's keys cannot be used, so none can leak.
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Katas are kept forever; soft delete guards against an operator's mistake.
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource katas 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: dataContainer
}

// Where the ScheduledDownloads function archives kata downloads (Saver__ArchiveContainer).
resource archive 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: archiveContainer
}

// Where a zip deploy puts the app's package, read by the platform with the app's identity.
resource appPackage 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: packageContainer
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Telemetry is accepted only from Entra identities (the app's), not from anyone holding the key.
    DisableLocalAuth: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      // FUNCTIONS_WORKER_RUNTIME=dotnet-isolated, as Flex Consumption takes it.
      runtime: { name: 'dotnet-isolated', version: '10.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstances
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [ { name: 'http', instanceCount: alwaysReadyInstances } ]
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Only the cyber-dojo web servers reach the API (the original's client sends no function keys).
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [for (address, i) in allowedInboundAddresses: {
        name: 'cyber-dojo-${i}'
        action: 'Allow'
        ipAddress: address
        priority: 100 + i
      }]
      appSettings: [
        // The Functions host's own storage (timer locks, keys), reached with the identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        { name: 'Saver__Store', value: 'azure' }
        { name: 'Saver__BlobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'Saver__Container', value: dataContainer }
        { name: 'Saver__ArchiveContainer', value: archiveContainer }
        { name: 'Saver__ScheduledDownloads__Schedule', value: scheduledDownloadsSchedule }
      ]
    }
  }
}

// Deployments sign in with Entra ID only.
resource noFtpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource noScmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

resource blobDataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, app.id, monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output url string = 'https://${app.properties.defaultHostName}'
output principalId string = app.identity.principalId
