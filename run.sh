#!/usr/bin/env bash
# Runs Saver on this machine: installs what is missing, builds, and serves the saver API on
# 127.0.0.1 (port 4537 by default, the original's). Ctrl-C stops everything it started.
#
#   ./run.sh [--port N] [--data DIR] [--azurite] [--import PATH]... [--migrate-all]
#
#   --port N       serve on port N
#   --data DIR     keep the data in DIR (default ./.saver-data): the blobs themselves, or,
#                  with --azurite, Azurite's files
#   --azurite      store in a local Azurite (Azure Blob Storage emulator) started for this run
#   --import PATH  first load a data folder of the original saver (or a .tgz of one)
#   --migrate-all  then convert every format 0/1 kata and group to format 2 (progress bar, summary)
set -euo pipefail
cd "$(dirname "$0")"

port=4537
data=".saver-data"
azurite=""
app_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --azurite) azurite=1; shift ;;
    --import) app_args+=(--import "$(realpath "$2")"); shift 2 ;;
    --migrate-all) app_args+=(--migrate-all); shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see ./run.sh --help)" >&2; exit 2 ;;
  esac
done

BUILD_CONFIGURATION=Release
source scripts/setup.sh
mkdir -p "$data"
data="$(realpath "$data")"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export COMMIT_SHA="${COMMIT_SHA:-$(git rev-parse HEAD 2>/dev/null || true)}"

if [ -n "$azurite" ]; then
  blob_port="$(free_port)"
  say "Starting Azurite on 127.0.0.1:$blob_port (data in $data/azurite)"
  mkdir -p "$data/azurite"
  node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$data/azurite" \
    --silent --skipApiVersionCheck --loose --disableTelemetry &
  pids+=($!)
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null && break
    sleep 0.1
  done
  export Saver__Store=azure
  export Saver__BlobConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
else
  export Saver__Store=local
  export Saver__DataDirectory="$data"
fi

say "Saver on http://127.0.0.1:$port (store: ${Saver__Store}); Ctrl-C to stop"
app="$PWD/src/Functions/bin/Release/net10.0"
dotnet "$app/Saver.Functions.dll" --contentRoot "$app" --urls "http://127.0.0.1:$port" "${app_args[@]}" &
pids+=($!)
wait "${pids[-1]}"
