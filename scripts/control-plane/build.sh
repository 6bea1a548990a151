#!/usr/bin/env bash
# Build (or reuse) the binaries of the e2e control plane:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok
# from the Go module proxy, through the wrapper modules in tools/{k8s-bins,etcd-bin,kwok-bin}.
#
# Idempotent and cached outside the repo, keyed by the pinned versions and the wrappers' go.mod/go.sum:
#   ${KUBEWHY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubewhy}/control-plane/<key>/
#     bin/…           the binaries            manifest.env  versions actually built
#     kwok-stages/    upstream kwok stages    build.log     full go build output
# A cold build on 2 cores takes tens of minutes (progress is printed every 30 s); a warm run is instant.
#
# Usage: build.sh              build what is missing, print the directory on stdout (progress on stderr)
#        build.sh --if-go      the same, but without Go just warn and print nothing (scripts/test.sh)
#        build.sh --print-dir  print the directory if complete (exit 0) or exit 1; never builds
#        build.sh --key        print the cache key
# Env:   KUBEWHY_SKIP_CONTROL_PLANE=1  do nothing (test.sh then skips the e2e tests)
#        KUBEWHY_K8S_VERSION / KUBEWHY_K8S_FALLBACKS  override the pinned k8s version / fallbacks
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/versions.sh"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
# Loopback-only rule: the Go proxy is the only remote the build talks to; never fall back to VCS.
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"; GOPROXY=${GOPROXY%%,direct}; GOPROXY=${GOPROXY%%|direct}
export GONOSUMDB= GOPRIVATE=

BUILD_REV=3   # bump when the build recipe changes in a way that changes the binaries
CACHE_ROOT="${KUBEWHY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubewhy}/control-plane"

key() {
  local h
  h=$( { echo "$BUILD_REV $K8S_VERSION $K8S_FALLBACK_VERSIONS $ETCD_VERSION $KWOK_VERSION"; \
         cat "$ROOT"/tools/{k8s-bins,etcd-bin,kwok-bin}/go.{mod,sum}; } | sha256sum | cut -c1-12)
  echo "k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}-kwok-${KWOK_VERSION}-${h}"
}
DIR="$CACHE_ROOT/$(key)"
BINS="etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok"

complete() { [ -f "$DIR/manifest.env" ] && for b in $BINS; do [ -x "$DIR/bin/$b" ] || return 1; done; }

IF_GO=0
case "${1:-}" in
  --key) key; exit 0 ;;
  --print-dir) complete && { echo "$DIR"; exit 0; } || exit 1 ;;
  --if-go) IF_GO=1 ;;
  "") ;;
  *) echo "usage: $0 [--print-dir|--key|--if-go]" >&2; exit 2 ;;
esac
if [ "${KUBEWHY_SKIP_CONTROL_PLANE:-}" = 1 ]; then echo "control-plane: skipped (KUBEWHY_SKIP_CONTROL_PLANE=1)" >&2; exit 0; fi

say() { printf '[control-plane %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
if complete; then say "reusing cached binaries in $DIR"; echo "$DIR"; exit 0; fi

if ! command -v go >/dev/null; then
  if [ "$IF_GO" = 1 ]; then say "WARNING: go is not installed: no control plane, the e2e tests will be SKIPPED"; exit 0; fi
  say "ERROR: go is not installed; the e2e control plane needs Go >= 1.26 and the Go module proxy"; exit 1
fi
mkdir -p "$DIR/bin" "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
say "waiting for the build lock ($CACHE_ROOT/.lock)…"; flock 9
if complete; then say "built by a concurrent run: $DIR"; echo "$DIR"; exit 0; fi
LOG="$DIR/build.log"; : >"$LOG"
START=$(date +%s)
say "cold build into $DIR (log: $LOG); the first build on a fresh machine takes 15-40 min on 2 cores"

# go build -v prints each package as it is compiled; report the count every 30 s.
run_go() { # <label> <dir> go args…
  local label=$1 dir=$2; shift 2
  local t0 n ticker rc
  t0=$(date +%s); echo "### $label: (cd $dir && $*)" >>"$LOG"
  ( while sleep 30; do
      n=$(grep -c '^[a-z]' "$LOG.$label" 2>/dev/null || true)
      say "  $label: $(( $(date +%s) - t0 ))s, ${n:-0} packages compiled (last: $(tail -n1 "$LOG.$label" 2>/dev/null | cut -c1-80))"
    done ) & ticker=$!
  set +e; (cd "$dir" && "$@") >"$LOG.$label" 2>&1; rc=$?; set -e
  kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  cat "$LOG.$label" >>"$LOG"; rm -f "$LOG.$label"
  say "  $label: $( [ $rc = 0 ] && echo done || echo FAILED "(exit $rc)") in $(( $(date +%s) - t0 ))s"
  return $rc
}

k8s_ldflags() { # <version>
  local v=$1 minor; minor=$(echo "$v" | cut -d. -f2)
  echo "-s -w -X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=1 \
-X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean \
-X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z \
-X k8s.io/client-go/pkg/version.gitVersion=$v -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
}
PAR=(-p "${KUBEWHY_GO_BUILD_P:-$(nproc)}")

# 1. etcd
if [ ! -x "$DIR/bin/etcd" ]; then
  say "[1/3] etcd ${ETCD_VERSION} (go.etcd.io/etcd/server/v3)"
  run_go etcd "$ROOT/tools/etcd-bin" go build "${PAR[@]}" -v -ldflags "-s -w" -o "$DIR/bin/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$DIR/bin/etcd.tmp" "$DIR/bin/etcd"
fi

# 2. kwok + its upstream node/pod stages (copied from the module, not vendored into the repo)
if [ ! -x "$DIR/bin/kwok" ]; then
  say "[2/3] kwok ${KWOK_VERSION} (sigs.k8s.io/kwok/cmd/kwok)"
  run_go kwok "$ROOT/tools/kwok-bin" go build "${PAR[@]}" -v -ldflags "-s -w" -o "$DIR/bin/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok
  mv "$DIR/bin/kwok.tmp" "$DIR/bin/kwok"
fi
KWOK_MOD=$(cd "$ROOT/tools/kwok-bin" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
mkdir -p "$DIR/kwok-stages"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml pod/fast/pod-delete.yaml; do
  install -m 0644 "$KWOK_MOD/kustomize/stage/$f" "$DIR/kwok-stages/$(basename "$f")"
done

# 3. Kubernetes (one go build for the four commands: shared packages compile once)
K8S_CMDS="k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl"
build_k8s() { # <version> <wrapper dir>
  local v=$1 w=$2 out="$DIR/bin/k8s.tmp"
  rm -rf "$out"; mkdir -p "$out"
  # shellcheck disable=SC2086
  run_go "kubernetes-$v" "$w" go build "${PAR[@]}" -v -ldflags "$(k8s_ldflags "$v")" -o "$out/" $K8S_CMDS || return 1
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do mv "$out/$b" "$DIR/bin/$b"; done
  rmdir "$out"
}
BUILT_K8S=""
if [ -x "$DIR/bin/kube-apiserver" ] && [ -x "$DIR/bin/kube-controller-manager" ] && [ -x "$DIR/bin/kube-scheduler" ] && [ -x "$DIR/bin/kubectl" ]; then
  BUILT_K8S=$("$DIR/bin/kube-apiserver" --version | awk '{print $2}')
else
  say "[3/3] kubernetes ${K8S_VERSION}: kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (the long part)"
  WRAPPER="$ROOT/tools/k8s-bins"
  PINNED=$(sed -n 's|^[[:space:]]*k8s\.io/kubernetes \(v[^[:space:]]*\).*|\1|p' "$WRAPPER/go.mod" | head -n1)
  if [ "$PINNED" != "$K8S_VERSION" ]; then   # KUBEWHY_K8S_VERSION override: generate a wrapper for it
    WRAPPER="$DIR/wrapper-$K8S_VERSION"
    say "tools/k8s-bins pins $PINNED; generating a wrapper for $K8S_VERSION in $WRAPPER"
    (GOFLAGS=-mod=mod K8S_VERSION=$K8S_VERSION K8S_WRAPPER_DIR="$WRAPPER" bash "$HERE/gen-wrappers.sh" k8s) >>"$LOG" 2>&1 || WRAPPER=""
  fi
  if [ -n "$WRAPPER" ] && build_k8s "$K8S_VERSION" "$WRAPPER"; then
    BUILT_K8S=$K8S_VERSION
  else
    say "kubernetes $K8S_VERSION did not build; last lines of the log:"; grep -v -E '^[A-Za-z0-9._~/+-]+$' "$LOG" | tail -n 15 >&2 || true
    for fb in $K8S_FALLBACK_VERSIONS; do
      say "falling back to kubernetes $fb (wrapper generated in $DIR/wrapper-$fb)"
      if (GOFLAGS=-mod=mod K8S_VERSION=$fb K8S_WRAPPER_DIR="$DIR/wrapper-$fb" bash "$HERE/gen-wrappers.sh" k8s) >>"$LOG" 2>&1 \
         && build_k8s "$fb" "$DIR/wrapper-$fb"; then BUILT_K8S=$fb; break; fi
      say "kubernetes $fb did not build either; last lines:"; grep -v -E '^[A-Za-z0-9._~/+-]+$' "$LOG" | tail -n 15 >&2 || true
    done
  fi
  [ -n "$BUILT_K8S" ] || { say "ERROR: no Kubernetes version built (tried $K8S_VERSION $K8S_FALLBACK_VERSIONS); see $LOG"; exit 1; }
fi

cat >"$DIR/manifest.env" <<EOM
K8S_VERSION=$BUILT_K8S
ETCD_VERSION=$ETCD_VERSION
KWOK_VERSION=$KWOK_VERSION
GO_VERSION=$(go env GOVERSION)
BUILT_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BUILD_SECONDS=$(( $(date +%s) - START ))
EOM
say "control plane ready in $(( $(date +%s) - START ))s: $(du -sh "$DIR/bin" | cut -f1) of binaries in $DIR/bin"
echo "$DIR"
