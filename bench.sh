#!/usr/bin/env bash
# Saver's speed benchmark (bench/README.md): installs what is missing, builds Release, and
# measures Saver through HTTP on the local store and on Azurite (kata_ran_tests percentiles,
# store calls and bytes per save, a kata's 400-save life, reads, a 64-kata dashboard, a cold
# instance, cache memory) beside a re-creation of the original saver's disk + git way.
# Ends with a table of every figure against its target. About two minutes on 2 cores.
#
#   ./bench.sh [--quick] [--store local|azurite ...] [--no-baseline] [--lifetime N] [--azurite-node-heap]
#
#   --quick              a smoke run: a tenth of every workload, figures only indicative
#   --store S...         only these stores (default: local azurite)
#   --no-baseline        leave out the baseline
#   --lifetime N         saves in the long kata's life (default 400: 800 events)
#   --azurite-node-heap  Azurite with Node's own heap sizing (pauses for a full GC every few s)
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

BUILD_CONFIGURATION=Release
source scripts/setup.sh
say "Running the benchmark"
dotnet bench/Saver.Benchmarks/bin/Release/net10.0/Saver.Benchmarks.dll "$@"
