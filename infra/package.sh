#!/usr/bin/env bash
# Builds publish/saver.zip: Saver as a Linux Azure Functions app (a custom handler), ready for
#   az functionapp deployment source config-zip -g <group> -n <app> --src publish/saver.zip
# Layout: host.json and one folder per function at the root, beside the self-contained
# Saver.Functions executable; libgit2's own dependencies in native/ (the app setting
# LD_LIBRARY_PATH=/home/site/wwwroot/native, set by main.bicep, lets the loader find them).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_CONFIGURATION=Release
source scripts/setup.sh

command -v zip >/dev/null || { say "Installing zip"; apt_install zip; }

out=publish/app
rm -rf publish
mkdir -p "$out/native"
say "Publishing a self-contained linux-x64 build"
dotnet publish src/Functions/Saver.Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -o "$out" -nologo -v:quiet
cp host.json "$out/"
cp -r functions/* "$out/"
for lib in libmbedtls.so.14 libmbedx509.so.1 libmbedcrypto.so.7 libhttp_parser.so.2.9 libssh2.so.1; do
  cp -L "/usr/lib/x86_64-linux-gnu/$lib" "$out/native/"
done
rm -f "$out/appsettings.Development.json"
(cd "$out" && zip -qr ../saver.zip .)
say "Built publish/saver.zip ($(du -h publish/saver.zip | cut -f1))"
