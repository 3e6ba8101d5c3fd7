#!/usr/bin/env bash
# Installs what Saver needs and is missing, then builds it. Idempotent: a second run only
# checks. Sourced by run.sh and test.sh (BUILD_CONFIGURATION chooses Debug or Release).
set -euo pipefail

saver_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The .NET SDK is not in Debian's archive; machines of this kind come with it.
if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is needed (https://dotnet.microsoft.com/download); it is not on PATH." >&2
  exit 1
fi

# git and tar: the tests check stored repositories with the git command line.
for tool in git tar; do
  if ! command -v "$tool" >/dev/null; then say "Installing $tool"; apt_install "$tool"; fi
done

# Node.js runs Azurite, the local Azure Blob Storage emulator (pinned in package-lock.json).
if ! command -v npm >/dev/null; then
  say "Installing Node.js and npm"
  apt_install nodejs npm
fi
# npm's own node_modules/.package-lock.json never equals package-lock.json (it leaves out the
# root package), so the lock that was installed is kept beside it to compare with.
installed_lock="$saver_root/node_modules/.saver-installed-package-lock.json"
if ! [ -x "$saver_root/node_modules/.bin/azurite-blob" ] || ! cmp -s "$saver_root/package-lock.json" "$installed_lock" 2>/dev/null; then
  say "Installing Azurite (npm ci)"
  (cd "$saver_root" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$saver_root/package-lock.json" "$installed_lock"
fi

say "Building Saver (${BUILD_CONFIGURATION:-Debug})"
dotnet build "$saver_root/Saver.sln" -c "${BUILD_CONFIGURATION:-Debug}" -nologo -clp:ErrorsOnly -v:quiet

# A free loopback TCP port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
