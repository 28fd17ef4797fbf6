#!/usr/bin/env bash
# Takes the README's screenshots of the desktop window: starts Mailscope on a private X
# display (Xvfb) with its own settings and database, sends sample mail over SMTP, drives the
# window with xdotool and captures it with ImageMagick's import.
#
#   tests/ui/screenshots.sh [OUTPUT_DIR]    (default docs/screenshots; needs a release build)
#
# Needs: xvfb, xdotool, imagemagick, python3 (scripts/install-deps.sh test installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "${1:-docs/screenshots}")"
binary="$PWD/build/release/app/mailscope"
[[ -x "$binary" ]] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
for tool in Xvfb xdotool import python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh test)" >&2; exit 1; }
done
mkdir -p "$out"

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# A display and a port nobody else uses.
display=$(for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { echo $n; break; }; done)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=":$display"
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_CONFIG_HOME/mailscope" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat > "$XDG_CONFIG_HOME/mailscope/mailscope.conf" <<CONF
[server]
listen=127.0.0.1:$port
[http]
listen=127.0.0.1:0
[store]
database=$work/mail.sqlite
fullDurability=false
[desktop]
notifications=false
CONF

"$binary" >"$work/mailscope.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    window=$(xdotool search --name '^Mailscope' 2>/dev/null | head -1 || true)
    [[ -n "$window" ]] && break
    sleep 0.1
done
[[ -n "${window:-}" ]] || { cat "$work/mailscope.log" >&2; echo "the window did not open" >&2; exit 1; }
# Fill the screen; Qt may still be applying its own first geometry, so insist.
for _ in $(seq 50); do
    xdotool windowmove "$window" 0 0 windowsize "$window" 1400 900
    sleep 0.2
    [[ "$(xdotool getwindowgeometry "$window" | grep -o 'Geometry: .*')" == "Geometry: 1400x900" ]] && break
done
sleep 0.5

# Older, ordinary traffic first, then the samples the screenshots look at (newest on top).
python3 - "$port" <<'PY'
import smtplib, sys
subjects = ["Password reset requested", "Welcome to Acme!", "Your weekly digest", "Build #4812 passed",
            "Meeting notes: sprint review", "Invitation: design sync", "Your receipt from Acme Shop",
            "Build #4813 failed", "New sign-in from Firefox on Linux"]
with smtplib.SMTP("127.0.0.1", int(sys.argv[1])) as s:
    for i, subject in enumerate(subjects):
        sender = ["noreply@acme.example", "ci@builds.example", "calendar@example.net"][i % 3]
        s.sendmail(sender, ["carol@example.org"],
                   f"From: {sender}\r\nTo: carol@example.org\r\nSubject: {subject}\r\n"
                   f"Date: Sun, 22 Nov 2026 09:{10 + i}:00 +0000\r\nMessage-ID: <{i}@example>\r\n\r\n{subject}.\r\n")
    # A newsletter for the Compatibility tab: a style block with a media query, a flex row,
    # rounded corners, a background image.
    html = "\r\n".join([
        '<!DOCTYPE html><html><head><style>',
        '@media (max-width: 600px) { .row { display: block !important } }',
        '.button:hover { background: #0b5cad }',
        '</style></head><body style="margin:0;background:#f4f6f8">',
        '<div class="row" style="display:flex;gap:12px;padding:16px">',
        '<div style="flex:1;background:#e4572e;border-radius:8px;height:80px"></div>',
        '<div style="flex:1;background:#17bebb;border-radius:8px;height:80px"></div>',
        '<div style="flex:1;background:#ffc914;border-radius:8px;height:80px"></div></div>',
        '<div style="background-image:url(https://news.example/hero.webp);background-size:cover;height:120px"></div>',
        '<p><a class="button" href="https://news.example/read"',
        ' style="padding:10px 18px;border-radius:6px;background-color:rgba(23,74,140,.9);color:#fff">Read more</a></p>',
        '</body></html>'])
    s.sendmail("news@news.example", ["carol@example.org"],
               "From: Acme News <news@news.example>\r\nTo: carol@example.org\r\nSubject: November newsletter\r\n"
               "Date: Sun, 22 Nov 2026 09:30:00 +0000\r\nMessage-ID: <news@example>\r\n"
               "List-Unsubscribe: <https://news.example/unsubscribe>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n")
PY
python3 tests/ui/send_samples.py "$port" >/dev/null
sleep 1.5

# 256 colours keep text crisp at a fraction of the size.
shot() { sleep "${2:-0.7}"; import -window root -colors 256 "PNG8:$out/$1.png"; echo "wrote $out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.4; }
key() { xdotool key --clearmodifiers "$@"; sleep 0.4; }

# Geometry of the default layout at 1400x900: list rows start near y=108, 14 px apart.
row() { echo $((108 + 14 * $1)); }

click 700 "$(row 3)"       # the shipped-order newsletter: an inline image, remote images, a tracking pixel
key ctrl+1
shot preview 6
click 207 555              # Phone (the Preview tab's width buttons, left to right: Phone, Tablet, Full width)
shot preview-phone 4
click 327 555              # Full width again
click 700 "$(row 2)"       # the invoice: an attachment and a Bcc recipient
key ctrl+2
shot headers
key ctrl+3
click 120 467              # its PDF part: decoded as hex, its bytes highlighted in the raw view
shot parts
key ctrl+4
shot transcript
click 700 "$(row 0)"       # the message with defects
key ctrl+5
shot lint
click 700 "$(row 4)"       # the newsletter: its HTML features and their support by client
key ctrl+6
click 100 553              # @media, then its place: its bytes highlighted in the raw view
key Right
key Down
shot compatibility
key alt+2
click 700 "$(row 0)"
shot sessions
key alt+1
key ctrl+f
xdotool type --delay 40 'from:billing has:attachment'
shot search 1.2
key Escape
key ctrl+comma
shot settings 1
key Escape
