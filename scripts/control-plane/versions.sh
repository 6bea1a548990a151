# Pinned versions of the e2e control plane (sourced by build.sh and gen-wrappers.sh).
# Bumping a version: edit here, run `bash scripts/control-plane/gen-wrappers.sh`, commit tools/*/go.{mod,sum}.
K8S_VERSION=${KUBEWHY_K8S_VERSION:-v1.36.3}
# Tried in order when K8S_VERSION does not build (the wrapper is regenerated in the cache dir).
K8S_FALLBACK_VERSIONS=${KUBEWHY_K8S_FALLBACKS:-"v1.35.4 v1.34.4"}
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
