#!/usr/bin/env bash
# Installs whatever k8ts needs and is missing: the npm packages (and the build, through `npm ci`'s
# prepare step) and, when run as root on Debian, the system packages the node agent and the
# tests use. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(containerd runc containernetworking-plugins busybox-static catatonit docker-registry skopeo etcd-server tmux iproute2 iptables)

missing=()
if [ "$(id -u)" = 0 ] && command -v dpkg-query >/dev/null; then
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
elif [ "$(id -u)" != 0 ]; then
  echo "setup: not root; skipping Debian packages (${DEBIAN_PACKAGES[*]})" >&2
fi

# npm ci (which also builds, through prepare) when node_modules is missing or older than the
# lock file; otherwise just rebuild.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm run build --silent
fi
