#!/usr/bin/env bash
# The benchmark, one command: installs wrk if missing, builds Release, seeds its own SQLite stores,
# starts the real server (and a minimal baseline app) on loopback, and writes the Markdown report
# to bench/results/latest.md. Every figure is a ratio against a baseline measured in the same run.
#   bench/run.sh           full run (about 5 minutes on 2 cores)
#   bench/run.sh --quick   smaller store, shorter load, for a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
npm ci --prefix tests/cosmos-server --no-audit --no-fund >/dev/null
dotnet build -c Release functions/Conversations.Server -v quiet -nologo
dotnet build -c Release bench/Baseline -v quiet -nologo
dotnet build -c Release bench/Conversations.Bench -v quiet -nologo
server=functions/Conversations.Server/bin/Release/net10.0/Conversations.Server.dll
baseline=bench/Baseline/bin/Release/net10.0/Baseline.dll
bench() { dotnet bench/Conversations.Bench/bin/Release/net10.0/Conversations.Bench.dll "$@"; }

if [[ "${1:-}" == "--quick" ]]; then
  sizes=(20000); depths=(0,1000,10000); seconds=3; requests=100
else
  sizes=(200000 1000000); depths=(0,1000,50000 0,1000,50000,500000); seconds=10; requests=300
fi

out=bench/results/latest.md
tmp=$(mktemp)
{
  echo "# Benchmark results"
  echo
  echo "Made by \`bench/run.sh $*\` on $(nproc) cores, $(date -u +%Y-%m-%d). Ratios compare figures measured in the same run;"
  echo "what each figure means, and why a missed target is missed, is in [bench/README.md](../README.md)."
  echo
  for i in "${!sizes[@]}"; do
    bench depth "$server" --conversations "${sizes[$i]}" --depths "${depths[$i]}" --requests "$requests"
    echo
  done
  bench serving "$server" "$baseline" "${TMPDIR:-/tmp}/conversations-bench-${sizes[0]}.db" --seconds "$seconds"
  echo
  bench cosmos --conversations 500
} > "$tmp"
mkdir -p bench/results
mv "$tmp" "$out"
cat "$out"
