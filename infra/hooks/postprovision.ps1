# azd postprovision hook: issues the first API key in the key registry (Azure Table storage) and
# stores it in the azd environment as API_KEY, so `azd up` ends with a key to call the API with.
# Runs once per environment: with API_KEY already set it does nothing. The key is never printed.
$ErrorActionPreference = 'Stop'

if ($env:API_KEY) {
    Write-Host 'postprovision: API_KEY is already set in this azd environment; no new key issued.'
    exit 0
}

if (-not $env:AZURE_STORAGE_TABLE_ENDPOINT) {
    throw 'AZURE_STORAGE_TABLE_ENDPOINT is an output of infra/main.bicep; run azd provision first.'
}

$tenant = if ($env:API_KEY_TENANT) { $env:API_KEY_TENANT } else { 'default' }
$attempts = if ($env:API_KEY_ATTEMPTS) { [int]$env:API_KEY_ATTEMPTS } else { 40 }
$waitSeconds = if ($env:API_KEY_RETRY_SECONDS) { [int]$env:API_KEY_RETRY_SECONDS } else { 15 }
$project = Join-Path $PSScriptRoot '..' '..' 'functions' 'Conversations.Server'
$errors = New-TemporaryFile

# The server's own command line, signed in with your az/azd login (DefaultAzureCredential).
$env:Auth__KeyStore__Provider = 'Tables'
$env:Auth__KeyStore__Tables__Endpoint = $env:AZURE_STORAGE_TABLE_ENDPOINT

try {
    for ($attempt = 1; ; $attempt++) {
        $output = & dotnet run --project $project -- keys create --tenant $tenant --json 2> $errors.FullName
        if ($LASTEXITCODE -eq 0) { break }

        # A new role assignment takes minutes to reach the storage service; until then the table answers 403.
        $failure = Get-Content -Raw $errors.FullName
        if ($attempt -lt $attempts -and $failure -match 'not authorized|AuthorizationPermissionMismatch|AuthorizationFailure|403|Forbidden') {
            Write-Host "postprovision: the table does not accept your sign-in yet (role assignment propagating); retrying in ${waitSeconds}s ($attempt/$attempts)."
            Start-Sleep -Seconds $waitSeconds
            continue
        }

        Write-Error "$failure`npostprovision: could not issue an API key; run this hook again with: azd hooks run postprovision"
    }
}
finally {
    Remove-Item $errors.FullName -ErrorAction SilentlyContinue
}

$key = ($output | Out-String | ConvertFrom-Json).key
if (-not $key) { throw 'postprovision: keys create printed no key' }

azd env set API_KEY $key | Out-Null
Write-Host "postprovision: issued an API key for tenant '$tenant'; read it with: azd env get-value API_KEY"
