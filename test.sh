#!/usr/bin/env bash
# Runs every test of Saver: installs what is missing, builds, and runs the xunit suite. The
# tests start (and stop) their own Azurite and their own instances of the service.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Blobs").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
say "Running the tests"
dotnet test Saver.sln --no-build -nologo --logger "console;verbosity=normal" "$@"
