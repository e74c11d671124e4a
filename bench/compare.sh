#!/usr/bin/env bash
# Runs Interlude's benchmark beside the LangGraph.js anchor, in one run on this machine, and prints
# full cycles/s of both and their ratio for every store. Both use the same PostgreSQL 15 server
# (the anchor's private cluster on 127.0.0.1:5434; Interlude gets a database of its own there).
# Needs root for that cluster, as the test command does.
#
# Usage: bash bench/compare.sh [--stores "memory sqlite postgres"] [--n-memory 10000] [--n-durable 2000]
#                              [--concurrency 32] [--warmup 3000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STORES="memory sqlite postgres"
N_MEMORY=10000
N_DURABLE=2000
CONCURRENCY=32
WARMUP=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --stores) STORES="$2"; shift 2 ;;
    --n-memory) N_MEMORY="$2"; shift 2 ;;
    --n-durable) N_DURABLE="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# shared/ is read-only in CI: the anchor runs from a scratch copy, its npm packages installed there once.
ANCHOR="${LG_BENCH_DIR:-${TMPDIR:-/tmp}/interlude-langgraphjs-bench}"
if [ ! -d "$ANCHOR/node_modules" ]; then
  mkdir -p "$ANCHOR"
  cp -r "$ROOT/../shared/anchors/langgraphjs-bench/." "$ANCHOR/"
  (cd "$ANCHOR" && npm ci --no-audit --no-fund >/dev/null)
fi

needs_postgres=false
case " $STORES " in *" postgres "*) needs_postgres=true ;; esac
if $needs_postgres; then
  bash "$ANCHOR/bench/pg-up.sh" >/dev/null
  (cd /tmp && su postgres -c "psql -p 5434 -tAc \"SELECT 1 FROM pg_database WHERE datname='interlude_bench'\"" | grep -q 1) ||
    (cd /tmp && su postgres -c "psql -p 5434 -c 'CREATE DATABASE interlude_bench OWNER lg'" >/dev/null)
fi

dotnet build "$ROOT/bench/Interlude.Bench" -c Release -nologo -v quiet >/dev/null
BENCH="$ROOT/bench/Interlude.Bench/bin/Release/net10.0/Interlude.Bench.dll"
PG_INTERLUDE="Host=127.0.0.1;Port=5434;Username=lg;Password=lg;Database=interlude_bench;SSL Mode=Disable"
PG_LANGGRAPH="postgresql://lg:lg@127.0.0.1:5434/lg"

rows=()
for store in $STORES; do
  n=$N_DURABLE
  [ "$store" = memory ] && n=$N_MEMORY
  case "$store" in
    memory) saver=memory; extra=() ;;
    sqlite) saver=sqlite; extra=(--sqlite-file "$(mktemp -d)/lg.sqlite") ;;
    postgres) saver=postgres; extra=(--pg "$PG_LANGGRAPH") ;;
    *) echo "compare.sh: unknown store $store" >&2; exit 2 ;;
  esac
  interlude_out="$(dotnet "$BENCH" --store "$store" --threads "$n" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --connection "$PG_INTERLUDE")"
  echo "$interlude_out" >&2
  langgraph_out="$(cd "$ANCHOR" && node bench/throughput.mjs --saver "$saver" --n "$n" --concurrency "$CONCURRENCY" --warmup "$WARMUP" "${extra[@]}")"
  echo "$langgraph_out" >&2
  interlude="$(echo "$interlude_out" | sed -n 's/^full cycles\/s: *\([0-9.]*\).*/\1/p')"
  langgraph="$(echo "$langgraph_out" | sed -n 's/.*"fullRoundTripsPerSec":\([0-9.]*\).*/\1/p')"
  ratio="$(awk -v a="$interlude" -v b="$langgraph" 'BEGIN { printf "%.2fx", a / b }')"
  rows+=("| $store | $n | $interlude | $langgraph | $ratio |")
done

echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, concurrency $CONCURRENCY, warm-up $WARMUP cycles"
echo "| store | N | Interlude full cycles/s | LangGraph.js full cycles/s | ratio |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
