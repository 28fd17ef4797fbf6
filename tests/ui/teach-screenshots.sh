#!/usr/bin/env bash
# Takes the README's screenshots of fault injection and teaching in the window (rule editor,
# held session, SMTP console) on a private X display; see teach_screenshots.cpp.
#
#   tests/ui/teach-screenshots.sh [OUTPUT_DIR]    (default docs/screenshots; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "${1:-docs/screenshots}")"
binary="$PWD/build/release/tests/ui/teach_screenshots"
[[ -x "$binary" ]] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "missing Xvfb (scripts/install-deps.sh test)" >&2; exit 1; }
mkdir -p "$out"
work="$(mktemp -d)"
display=$(for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { echo $n; break; }; done)
Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
HOME="$work" XDG_RUNTIME_DIR="$work" DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$binary" "$out"
