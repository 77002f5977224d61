#!/usr/bin/env bash
# Installs the Debian 12 packages motiftok needs to build and test (scripts/debian-packages.txt).
# Runs apt-get as root, or through sudo for other users.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2046
$SUDO apt-get install -y -qq --no-install-recommends $(grep -v '^#' debian-packages.txt) >/dev/null
# The HuggingFace export test runs the npm package `tokenizers` with Node.js; keep a newer node if
# one is installed already.
command -v node >/dev/null || $SUDO apt-get install -y -qq nodejs >/dev/null
command -v npm >/dev/null || $SUDO apt-get install -y -qq npm >/dev/null
echo "motiftok build dependencies installed"
