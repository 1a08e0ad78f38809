#!/usr/bin/env bash
# Usage: npm-ci.sh FOLDER WHO
# Installs the npm packages of FOLDER from its package-lock.json (npm ci), unless those installed
# came from that same lockfile. The build runs it before the tests that run Node (WHO names them);
# -DskipTests skips it.
set -euo pipefail
dir=$1
who=$2
stamp="$dir/node_modules/.skein-installed-lock"   # a copy of the lockfile node_modules was installed from

exec 9<"$dir/package-lock.json"
flock 9   # modules built in parallel (mvn -T) share compat/feathers-sync
if cmp -s "$dir/package-lock.json" "$stamp"; then exit 0; fi

if ! command -v npm >/dev/null; then
  echo "npm is not on the PATH: $who run(s) the npm packages of $dir, which the build installs with npm ci." >&2
  echo "Install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm), or skip the tests with -DskipTests." >&2
  exit 1
fi
echo "npm ci in $dir (node_modules is missing or from another package-lock.json)"
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error --prefer-offline
cp "$dir/package-lock.json" "$stamp"
