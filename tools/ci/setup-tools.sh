#!/usr/bin/env bash
# Installs the real tools strata's tests run (never mocked), on Debian or Ubuntu:
#   openssl          verifies the issued PKI chains
#   nix-instantiate  parses the rendered NixOS modules (Debian package nix-bin)
#   cfssl            issues from the rendered CSRs (Debian package golang-cfssl)
#   ShellCheck       checks every `run:` script of the GitHub workflows and the CI scripts
# and sets Nix up so that it prints nothing but its answer. With CI=true a test whose
# tool is missing fails, so .ci/run and the GitHub workflow both call this script.
# Idempotent: a tool already on PATH is left alone; apt runs only when something is missing.
set -euo pipefail

sudo_=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-tools: not root and no sudo; install openssl nix-bin golang-cfssl shellcheck by hand" >&2; exit 1; }
  sudo_="sudo"
fi

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v nix-instantiate >/dev/null 2>&1 || missing+=(nix-bin)
command -v cfssl >/dev/null 2>&1 || missing+=(golang-cfssl)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-tools: installing ${missing[*]} with apt" >&2
  $sudo_ apt-get update -qq >&2
  # No recommends: nix-bin would pull nix-setup-systemd (a daemon, build users) that a parser does not need.
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Nix run as root defaults to `build-users-group = nixbld`; without the group (what nix-setup-systemd
# would create) every nix command warns on stderr. A system group is all a parser needs.
if ! getent group nixbld >/dev/null 2>&1; then
  echo "setup-tools: creating the nixbld group Nix expects" >&2
  $sudo_ groupadd --system nixbld
fi

# Prove the set-up: each tool answers, and Nix parses with nothing on stderr.
openssl version >/dev/null
cfssl version >/dev/null
shellcheck --version >/dev/null
nix_err=$(printf '{ a = 1; }' | nix-instantiate --parse - 2>&1 >/dev/null) || { echo "setup-tools: nix-instantiate --parse failed: $nix_err" >&2; exit 1; }
if [ -n "$nix_err" ]; then
  echo "setup-tools: nix-instantiate prints on stderr after set-up: $nix_err" >&2
  exit 1
fi
echo "setup-tools: openssl, nix-instantiate, cfssl and shellcheck ready" >&2
