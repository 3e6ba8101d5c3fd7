// Saver on Azure: a Linux Functions app (custom handler) and the storage account that holds
// every kata and group. Deploy with:
//   az deployment group create -g <group> -f infra/main.bicep -p name=<unique-name>
//   ./infra/package.sh && az functionapp deployment source config-zip -g <group> -n <unique-name> --src publish/saver.zip
@description('A globally unique name for the function app (also names the storage account).')
param name string
param location string = resourceGroup().location

var storageName = toLower(take(replace('${name}st', '-', ''), 24))

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Katas are kept forever; soft delete guards against an operator's mistake.
    deleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'saver'
}

// Where the ScheduledDownloads function archives kata downloads (Saver__ArchiveContainer).
resource archiveContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'saver-archive'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  kind: 'elastic'
  properties: { reserved: true, maximumElasticWorkerCount: 20 }
}

var connectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: ''
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage', value: connectionString }
        { name: 'Saver__Store', value: 'azure' }
        { name: 'Saver__Container', value: 'saver' }
        { name: 'Saver__ArchiveContainer', value: 'saver-archive' }
        // NCRONTAB (with seconds) of functions/ScheduledDownloads: daily at 03:00 UTC.
        { name: 'Saver__ScheduledDownloads__Schedule', value: '0 0 3 * * *' }
        { name: 'LD_LIBRARY_PATH', value: '/home/site/wwwroot/native' }
      ]
    }
  }
}

output url string = 'https://${app.properties.defaultHostName}'
