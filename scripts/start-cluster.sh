#!/usr/bin/env bash
# One command to a running single-node cluster: install what is missing, build, and run
# `k8ts server` (embedded SQLite). Extra arguments go to `k8ts server`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./bin/k8ts server "$@"
