#!/usr/bin/env bash
# Saver's speed benchmark (bench/README.md): installs what is missing, builds Release, and
# measures the time per saved event of Saver (over HTTP on the local store and on Azurite, and
# its domain alone) against a re-creation of the original saver's disk + git way, plus reads.
# Ends with a summary table. The default run takes a few minutes on 2 cores.
#
#   ./bench.sh [--quick] [--filter PATTERN...] [--list] [--artifacts DIR]
#
#   --quick              a smoke run: fewer iterations, figures only indicative
#   --filter PATTERN...  only the benchmarks whose Type.Method matches a glob, e.g. '*Baseline*' '*HttpLocalStore.*'
#   --list               list the benchmarks and exit
#   --artifacts DIR      where BenchmarkDotNet writes its reports (default bench/artifacts)
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

BUILD_CONFIGURATION=Release
source scripts/setup.sh
say "Running the benchmark"
dotnet bench/Saver.Benchmarks/bin/Release/net10.0/Saver.Benchmarks.dll "$@"
