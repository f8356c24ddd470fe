#!/usr/bin/env bash
# The paging benchmark, one command: builds Release, seeds its own SQLite stores, starts the real
# server on loopback, and writes the Markdown report to bench/results/latest.md.
#   bench/run.sh           200,000 conversations (deep page 50,000) and 1,000,000 (deep page 500,000)
#   bench/run.sh --quick   20,000 conversations, for a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release functions/Conversations.Server -v quiet -nologo
dotnet build -c Release bench/Conversations.Bench -v quiet -nologo
server=functions/Conversations.Server/bin/Release/net10.0/Conversations.Server.dll
bench() { dotnet bench/Conversations.Bench/bin/Release/net10.0/Conversations.Bench.dll "$server" "$@"; }

out=bench/results/latest.md
tmp=$(mktemp)
{
  echo "# Benchmark results"
  echo
  echo "Made by \`bench/run.sh $*\` on $(nproc) cores, $(date -u +%Y-%m-%d). Ratios compare figures measured in the same run."
  echo
  if [[ "${1:-}" == "--quick" ]]; then
    bench --conversations 20000 --depths 0,1000,10000 --requests 100
  else
    bench --conversations 200000 --depths 0,1000,50000 --requests 300
    echo
    bench --conversations 1000000 --depths 0,1000,50000,500000 --requests 300
  fi
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
