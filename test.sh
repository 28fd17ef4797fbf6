#!/usr/bin/env bash
# Installs what is missing, builds and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j2 "$@"
