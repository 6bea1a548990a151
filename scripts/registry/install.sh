#!/usr/bin/env bash
# Make the test registry's tools available (idempotent, cached outside the repo):
#   ${KUBEWHY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubewhy}/registry/bin/
#     docker-registry   Debian's distribution 2.8 server (apt-get download + dpkg -x: no root needed)
#     htpasswd          bcrypt htpasswd lines (scripts/registry/htpasswd, Go + golang.org/x/crypto)
#     zstd              only when zstd is not on PATH (apt-get download + dpkg -x)
# A warm run does nothing and takes milliseconds.
#
# Usage: install.sh              install what is missing, print the bin directory on stdout (progress on stderr)
#        install.sh --print-dir  print the bin directory if complete (exit 0) or exit 1; never installs
# Env:   KUBEWHY_SKIP_REGISTRY=1  do nothing (the registry tests are then skipped, loudly)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE_ROOT="${KUBEWHY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubewhy}/registry"
BIN="$CACHE_ROOT/bin"
REGISTRY_VERSION=2.8.2+ds1-1   # bookworm's docker-registry; another version is taken when this one is gone
HTPASSWD_KEY=$(cat "$HERE"/htpasswd/{go.mod,go.sum,main.go} | sha256sum | cut -c1-12)

say() { printf '[registry %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
have_zstd() { command -v zstd >/dev/null || [ -x "$BIN/zstd" ]; }
complete() { [ -x "$BIN/docker-registry" ] && [ -x "$BIN/htpasswd" ] && [ "$(cat "$BIN/.htpasswd-key" 2>/dev/null)" = "$HTPASSWD_KEY" ] && have_zstd; }

case "${1:-}" in
  --print-dir) complete && { echo "$BIN"; exit 0; } || exit 1 ;;
  "") ;;
  *) echo "usage: $0 [--print-dir]" >&2; exit 2 ;;
esac
if [ "${KUBEWHY_SKIP_REGISTRY:-}" = 1 ]; then say "skipped (KUBEWHY_SKIP_REGISTRY=1): the registry tests will be SKIPPED"; exit 0; fi
if complete; then echo "$BIN"; exit 0; fi

mkdir -p "$BIN"
exec 9>"$CACHE_ROOT/.lock"
flock 9
if complete; then echo "$BIN"; exit 0; fi

# Unpacks one Debian package's files into a scratch dir and prints that dir.
# apt-get download needs the package lists: on a fresh machine they are fetched once (root only).
unpack_deb() { # <package> [version]
  local pkg=$1 version=${2:-} work
  work=$(mktemp -d "$CACHE_ROOT/.deb.XXXXXX")
  if ! (cd "$work" && apt-get download ${version:+"$pkg=$version"} >/dev/null 2>&1 || apt-get download "$pkg" >/dev/null 2>&1); then
    if [ "$(id -u)" = 0 ]; then
      say "apt-get update (package lists are missing or stale)"
      apt-get update -qq >&2
    fi
    (cd "$work" && apt-get download "$pkg" >&2) || { say "ERROR: apt-get download $pkg failed"; rm -rf "$work"; return 1; }
  fi
  dpkg -x "$work"/*.deb "$work/root"
  echo "$work"
}

if [ ! -x "$BIN/docker-registry" ]; then
  if [ -x /usr/bin/docker-registry ]; then
    say "using the installed /usr/bin/docker-registry"
    ln -sf /usr/bin/docker-registry "$BIN/docker-registry"
  else
    say "fetching Debian's docker-registry (apt-get download + dpkg -x)…"
    work=$(unpack_deb docker-registry "$REGISTRY_VERSION")
    install -m 0755 "$work/root/usr/bin/docker-registry" "$BIN/docker-registry"
    rm -rf "$work"
  fi
  say "docker-registry: $("$BIN/docker-registry" --version 2>&1 | head -n1)"
fi

if [ ! -x "$BIN/htpasswd" ] || [ "$(cat "$BIN/.htpasswd-key" 2>/dev/null)" != "$HTPASSWD_KEY" ]; then
  command -v go >/dev/null || { say "ERROR: go is not installed; the bcrypt htpasswd tool (scripts/registry/htpasswd) needs it"; exit 1; }
  say "building htpasswd (bcrypt) from scripts/registry/htpasswd…"
  export GOPROXY="${GOPROXY:-https://proxy.golang.org}"; GOPROXY=${GOPROXY%%,direct}
  (cd "$HERE/htpasswd" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -trimpath -buildvcs=false" go build -o "$BIN/htpasswd" .) >&2
  echo "$HTPASSWD_KEY" >"$BIN/.htpasswd-key"
fi

if ! have_zstd; then
  say "fetching Debian's zstd CLI (apt-get download + dpkg -x)…"
  work=$(unpack_deb zstd)
  install -m 0755 "$work/root/usr/bin/zstd" "$BIN/zstd"
  rm -rf "$work"
fi

say "ready: $BIN"
echo "$BIN"
