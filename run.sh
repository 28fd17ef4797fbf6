#!/usr/bin/env bash
# Installs what is missing, builds a release build and starts Mailscope:
# the window when a display is available, otherwise the headless server.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    exec build/release/app/mailscope "$@"
fi
exec build/release/app/mailscope serve "$@"
