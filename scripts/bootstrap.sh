#!/usr/bin/env bash
# Installs the system packages djs builds against, when this machine lacks them.
# Idempotent and quiet when there is nothing to do. Needs root (or sudo) only to install.
set -euo pipefail

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libedit 2>/dev/null || need+=(libedit-dev)   # the REPL's line editor (CEdit)
pkg-config --exists libcurl 2>/dev/null || need+=(libcurl4-openssl-dev)   # the HTTP client (CCurl)
command -v tmux >/dev/null 2>&1 || need+=(tmux)                  # scripts/repl-smoke.sh

if [ ${#need[@]} -gt 0 ]; then
    echo "bootstrap: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
