#!/bin/sh
# azd postprovision hook: issues the first API key in the key registry (Azure Table storage) and
# stores it in the azd environment as API_KEY, so `azd up` ends with a key to call the API with.
# Runs once per environment: with API_KEY already set it does nothing. The key is never printed.
set -eu

if [ -n "${API_KEY:-}" ]; then
  echo "postprovision: API_KEY is already set in this azd environment; no new key issued."
  exit 0
fi

: "${AZURE_STORAGE_TABLE_ENDPOINT:?is an output of infra/main.bicep; run azd provision first}"
tenant="${API_KEY_TENANT:-default}"
attempts="${API_KEY_ATTEMPTS:-40}"
wait_seconds="${API_KEY_RETRY_SECONDS:-15}"
root=$(cd "$(dirname "$0")/../.." && pwd)
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# The server's own command line, signed in with your az/azd login (DefaultAzureCredential).
export Auth__KeyStore__Provider=Tables
export Auth__KeyStore__Tables__Endpoint="$AZURE_STORAGE_TABLE_ENDPOINT"

attempt=1
while :; do
  if output=$(dotnet run --project "$root/functions/Conversations.Server" -- keys create --tenant "$tenant" --json 2>"$errors"); then
    break
  fi
  # A new role assignment takes minutes to reach the storage service; until then the table answers 403.
  if [ "$attempt" -lt "$attempts" ] && grep -qiE 'not authorized|AuthorizationPermissionMismatch|AuthorizationFailure|403|Forbidden' "$errors"; then
    echo "postprovision: the table does not accept your sign-in yet (role assignment propagating); retrying in ${wait_seconds}s ($attempt/$attempts)."
    attempt=$((attempt + 1))
    sleep "$wait_seconds"
    continue
  fi
  cat "$errors" >&2
  echo "postprovision: could not issue an API key; run this hook again with: azd hooks run postprovision" >&2
  exit 1
done

key=$(printf '%s\n' "$output" | sed -n 's/.*"key"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$key" ]; then
  echo "postprovision: keys create printed no key" >&2
  exit 1
fi

azd env set API_KEY "$key" >/dev/null
echo "postprovision: issued an API key for tenant '$tenant'; read it with: azd env get-value API_KEY"
