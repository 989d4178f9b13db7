#!/usr/bin/env bash
# One command to run every test: install what is missing, build, type-check, and run the suite.
# CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run typecheck
npm test
