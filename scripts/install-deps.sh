#!/usr/bin/env bash
# Installs the Debian 12 packages Mailscope needs to build, run and test.
# Usage: scripts/install-deps.sh [build|test]
set -euo pipefail

profile="${1:-build}"
packages=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
          libgmime-3.0-dev libre2-dev libssl-dev libsqlite3-dev openssl
          qt6-httpserver-dev qt6-websockets-dev libcrypt-dev
          libgumbo-dev qt6-webengine-dev qt6-pdf-dev
          dpkg-dev file) # the .deb: CPack finds the binary with file, its Depends with dpkg-shlibdeps
if [[ "$profile" == test ]]; then
    # Real SMTP clients for the interop tests and benchmarks; Xvfb, xdotool and ImageMagick
    # for the window's screenshots (tests/ui/screenshots.sh).
    packages+=(swaks libnet-ssleay-perl libauthen-sasl-perl postfix curl python3 xvfb xauth imagemagick xdotool)
    # The HTTP API's clients: PHP's mail() through `mailscope sendmail`, htpasswd for auth
    # files, Node.js and npm for the npm Mailpit clients (a Node.js that brings its own npm
    # counts as installed).
    packages+=(php-cli apache2-utils)
    # The package test: lintian, and the validators of the desktop entry and AppStream metadata.
    packages+=(lintian desktop-file-utils appstream)
    # The sanitize preset (.ci/run, scripts/fuzz.sh): clang with its sanitizer and libFuzzer runtimes.
    packages+=(clang libclang-rt-dev)
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        packages+=(nodejs npm)
    fi
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
# Postfix is only wanted for smtp-source and smtp-sink: keep it unconfigured.
echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
