#!/usr/bin/env bash
# The benchmark, one command: installs wrk if missing, publishes the server, the baseline app, the
# Functions app and the Functions baseline app as users run them (Release, ReadyToRun), builds the local
# Functions host, seeds its own
# SQLite stores, runs everything as separate processes on loopback, and writes the Markdown report to
# bench/results/latest.md (bench/results/quick.md with --quick). Every figure is a ratio against a baseline measured in the same run.
#   bench/run.sh           full run (about 20 minutes on 2 cores)
#   bench/run.sh --quick   smaller store, shorter load, fewer start-ups: a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
npm ci --prefix tests/cosmos-server --no-audit --no-fund >/dev/null

published=bench/bin/published
rm -rf "$published"
publish() { dotnet publish "$1" -c Release -o "$published/$2" -v quiet -nologo; }
publish functions/Conversations.Server server
publish bench/Baseline baseline
# The worker SDK's generated extensions project warns about package versions (see the csproj); the
# app itself builds warning-free, so that output is shown only if the publish fails.
log=$(mktemp)
publish functions/Conversations.Functions functions >"$log" 2>&1 || { cat "$log"; exit 1; }
publish bench/FunctionsBaseline functions-baseline >"$log" 2>&1 || { cat "$log"; exit 1; }
rm -f "$log"
dotnet build -c Release tests/Conversations.Functions.Host -v quiet -nologo
dotnet build -c Release bench/Conversations.Bench -v quiet -nologo
bench() { dotnet bench/Conversations.Bench/bin/Release/net10.0/Conversations.Bench.dll "$@"; }

if [[ "${1:-}" == "--quick" ]]; then
  out=bench/results/quick.md
  sizes=(20000); depths=(0,1000,10000); requests=100
  load=(--warm-up 3 --seconds 2 --rounds 1); starts=3; soak=20
else
  out=bench/results/latest.md
  sizes=(200000 1000000); depths=(0,1000,50000 0,1000,50000,500000); requests=300
  load=(--warm-up 5 --seconds 5 --rounds 3); starts=7; soak=180
fi

servers=(
  --server "$published/server/Conversations.Server.dll"
  --baseline "$published/baseline/Baseline.dll"
  --functions-host tests/Conversations.Functions.Host/bin/Release/net10.0/Conversations.Functions.Host.dll
  --functions-app "$published/functions"
  --functions-baseline "$published/functions-baseline"
  --database "${TMPDIR:-/tmp}/conversations-bench-realistic-${sizes[0]}.db"
)
tmp=$(mktemp)
{
  echo "# Benchmark results"
  echo
  echo "Made by \`bench/run.sh $*\` on $(nproc) cores, $(date -u +%Y-%m-%d). Ratios compare figures measured in the same run;"
  echo "what each figure means, and why a missed target is missed, is in [bench/README.md](../README.md)."
  echo "Load average (1, 5, 15 min) when the measurements began: $(cut -d' ' -f1-3 /proc/loadavg); other work on the machine shows here."
  echo
  for i in "${!sizes[@]}"; do
    # Also seeds the store the serving and start-up figures read (the first size).
    bench depth "$published/server/Conversations.Server.dll" --conversations "${sizes[$i]}" --depths "${depths[$i]}" --requests "$requests"
    echo
  done
  bench serving "${servers[@]}" "${load[@]}"
  echo
  bench startup "${servers[@]}" --rounds "$starts"
  echo
  bench soak --server "$published/server/Conversations.Server.dll" --seconds "$soak"
  echo
  bench cosmos --conversations 500
  echo
  echo "Load average when the measurements ended: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$tmp"
mkdir -p bench/results
mv "$tmp" "$out"
cat "$out"
