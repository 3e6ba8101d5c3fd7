#!/usr/bin/env bash
# Builds publish/saver.zip: Saver as a Linux Azure Functions app (.NET 10 isolated worker),
# ready for
#   az functionapp deployment source config-zip -g <group> -n <app> --src publish/saver.zip
# It is `dotnet publish` alone: host.json, functions.metadata, worker.config.json and the
# framework-dependent linux-x64 build (libgit2 from LibGit2Sharp's own native package) at the root.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_CONFIGURATION=Release
source scripts/setup.sh

command -v zip >/dev/null || { say "Installing zip"; apt_install zip; }

out=publish/app
rm -rf publish
say "Publishing"
dotnet publish src/Functions/Saver.Functions.csproj -c Release -o "$out" -nologo -v:quiet
(cd "$out" && zip -qr ../saver.zip .)
say "Built publish/saver.zip ($(du -h publish/saver.zip | cut -f1))"
