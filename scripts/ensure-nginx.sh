#!/usr/bin/env bash
# The production-host browser test (tests/e2e/production-host.spec.ts) serves dist/ through Debian's nginx, which
# the test runs itself as a child process on a free loopback port: the system service is never used.
set -euo pipefail
nginx_path="${NGINX_PATH:-/usr/sbin/nginx}"
if [ -x "$nginx_path" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "nginx is missing: install Debian's nginx package (apt-get install -y nginx) or set NGINX_PATH." >&2
  exit 1
fi
as_root=()
[ "$(id -u)" -ne 0 ] && as_root=(sudo)
echo "Installing Debian's nginx for the production-host browser test…"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq nginx >/dev/null
