import type { Rule } from '../core/rule.js';
import { LOG_RULES } from './logs/index.js';
import { IMAGE_RULES } from './image/index.js';
import copyBeforeModDownload from './dockerfile/copy-before-mod-download.js';
import baseImageLatest from './dockerfile/base-image-latest.js';
import goToolchainMismatch from './dockerfile/go-toolchain-mismatch.js';
import runtimeStageGolangImage from './dockerfile/runtime-stage-golang-image.js';
import imageLatestTag from './manifest/image-latest-tag.js';
import noLivenessProbe from './manifest/no-liveness-probe.js';
import noReadinessProbe from './manifest/no-readiness-probe.js';
import noResourceRequests from './manifest/no-resource-requests.js';
import imageNotFound from './cluster/image-not-found.js';
import imagePlatformMismatch from './cluster/image-platform-mismatch.js';
import imagePullBackoff from './cluster/image-pull-backoff.js';
import imagePullUnauthorized from './cluster/image-pull-unauthorized.js';
import imagePullUnreachable from './cluster/image-pull-unreachable.js';
import imagePullUntrustedTls from './cluster/image-pull-untrusted-tls.js';
import gomemlimitInvalid from './manifest/gomemlimit-invalid.js';
import gomemlimitAboveLimit from './manifest/gomemlimit-above-limit.js';
import memoryLimitWithoutGomemlimit from './manifest/memory-limit-without-gomemlimit.js';
import cpuLimitGomaxprocs from './manifest/cpu-limit-gomaxprocs.js';
import limitsBelowRequests from './manifest/limits-below-requests.js';
import podSecurityAdmission from './manifest/pod-security-admission.js';
import runAsNonRootWithRootUid from './manifest/run-as-non-root-with-root-uid.js';
import runAsUserZero from './manifest/run-as-user-zero.js';
import privilegedHostAccess from './manifest/privileged-host-access.js';
import emptydirWithoutEphemeralLimit from './manifest/emptydir-without-ephemeral-limit.js';
import missingDockerignore from './dockerfile/missing-dockerignore.js';
import dockerignoreGaps from './dockerfile/dockerignore-gaps.js';
import noBuildCacheMount from './dockerfile/no-build-cache-mount.js';
import runsAsRoot from './dockerfile/runs-as-root.js';
import userNotNumeric from './dockerfile/user-not-numeric.js';
import shellFormWithoutShell from './dockerfile/shell-form-without-shell.js';
import missingCaCertificates from './dockerfile/missing-ca-certificates.js';
import missingTzdata from './dockerfile/missing-tzdata.js';
import apkAptHygiene from './dockerfile/apk-apt-hygiene.js';
import addRemoteUrl from './dockerfile/add-remote-url.js';
import secretInBuildArgEnv from './dockerfile/secret-in-build-arg-env.js';
import goBuildFlags from './dockerfile/go-build-flags.js';
import baseNotPinnedByDigest from './dockerfile/base-not-pinned-by-digest.js';
import goModChangedInBuild from './dockerfile/go-mod-changed-in-build.js';
import cgoLibcMismatch from './dockerfile/cgo-libc-mismatch.js';
import goarchHardcoded from './dockerfile/goarch-hardcoded.js';
import goSumNotCopied from './dockerfile/go-sum-not-copied.js';
import privateModuleWithoutGoprivate from './dockerfile/private-module-without-goprivate.js';
import vendorOutOfSync from './dockerfile/vendor-out-of-sync.js';
import livenessEqualsReadiness from './manifest/liveness-equals-readiness.js';
import livenessBudgetTooShort from './manifest/liveness-budget-too-short.js';
import noStartupProbeSlowStart from './manifest/no-startup-probe-slow-start.js';
import probeTimeoutTooShort from './manifest/probe-timeout-too-short.js';
import probePortNotDeclared from './manifest/probe-port-not-declared.js';
import execProbeNeedsShellTools from './manifest/exec-probe-needs-shell-tools.js';
import terminationGraceVsPrestop from './manifest/termination-grace-vs-prestop.js';
import noPrestopDelay from './manifest/no-prestop-delay.js';
import singleReplicaNoPdb from './manifest/single-replica-no-pdb.js';
import pdbBlocksDisruption from './manifest/pdb-blocks-disruption.js';
import rollingUpdateZeroCapacity from './manifest/rolling-update-zero-capacity.js';
import serviceSelectsNothing from './manifest/service-selects-nothing.js';
import serviceTargetPortUnknown from './manifest/service-target-port-unknown.js';
import ingressBackendMissing from './manifest/ingress-backend-missing.js';
import hpaTargetMissing from './manifest/hpa-target-missing.js';
import hpaMissingRequests from './manifest/hpa-missing-requests.js';
import hpaMinEqualsMax from './manifest/hpa-min-equals-max.js';
import hpaWithFixedReplicas from './manifest/hpa-with-fixed-replicas.js';
import configmapSubpathNoReload from './manifest/configmap-subpath-no-reload.js';
import noConfigChecksum from './manifest/no-config-checksum.js';
import configRefMissing from './manifest/config-ref-missing.js';
import networkpolicyBlocksDns from './manifest/networkpolicy-blocks-dns.js';
import initWaitCycle from './manifest/init-wait-cycle.js';
import initWaitNoTimeout from './manifest/init-wait-no-timeout.js';
import cronjobInvalidSchedule from './manifest/cronjob-invalid-schedule.js';
import jobNoTtl from './manifest/job-no-ttl.js';
import cronjobConcurrency from './manifest/cronjob-concurrency.js';
import removedApiVersion from './manifest/removed-api-version.js';
import duplicateEnvName from './manifest/duplicate-env-name.js';
import yaml11BooleanString from './manifest/yaml11-boolean-string.js';
import execFormatError from './cluster/exec-format-error.js';
import execBinaryMissingInterpreter from './cluster/exec-binary-missing-interpreter.js';
import entrypointNotFound from './cluster/entrypoint-not-found.js';
import entrypointNotExecutable from './cluster/entrypoint-not-executable.js';
import crashloopGoPanic from './cluster/crashloop-go-panic.js';
import crashloopExit from './cluster/crashloop-exit.js';
import crashloopDependencyUnreachable from './cluster/crashloop-dependency-unreachable.js';
import crashloopMalformedGomemlimit from './cluster/crashloop-malformed-gomemlimit.js';
import crashloopMissingRuntimeFiles from './cluster/crashloop-missing-runtime-files.js';
import oomkilled from './cluster/oomkilled.js';
import livenessKillsSlowStart from './cluster/liveness-kills-slow-start.js';
import containerConfigMissingRef from './cluster/container-config-missing-ref.js';
import runAsNonRootImageRoot from './cluster/run-as-non-root-image-root.js';
import volumeMountFailed from './cluster/volume-mount-failed.js';
import readinessNeverTrue from './cluster/readiness-never-true.js';
import initContainerStuck from './cluster/init-container-stuck.js';
import initWaitCycleLive from './cluster/init-wait-cycle-live.js';
import podUnschedulable from './cluster/pod-unschedulable.js';
import podCreateQuotaExceeded from './cluster/pod-create-quota-exceeded.js';
import podCreateLimitRange from './cluster/pod-create-limit-range.js';
import podCreateDenied from './cluster/pod-create-denied.js';
import jobFailed from './cluster/job-failed.js';
import cronjobMissedSchedules from './cluster/cronjob-missed-schedules.js';
import serviceNoEndpoints from './cluster/service-no-endpoints.js';
import corednsUnhealthy from './cluster/coredns-unhealthy.js';
import hpaMetricsUnavailable from './cluster/hpa-metrics-unavailable.js';
import hpaFlapping from './cluster/hpa-flapping.js';
import hpaAtMax from './cluster/hpa-at-max.js';
import nodeNotReady from './cluster/node-not-ready.js';
import podEvicted from './cluster/pod-evicted.js';
import podEvictedEphemeralStorage from './cluster/pod-evicted-ephemeral-storage.js';
import rolloutStuck from './cluster/rollout-stuck.js';
import hpaFlapProne from './manifest/hpa-flap-prone.js';
import gatewayBackendMissing from './manifest/gateway-backend-missing.js';
import cronjobNoStartingDeadline from './manifest/cronjob-no-starting-deadline.js';
import readonlyRootfsWithoutTmp from './manifest/readonly-rootfs-without-tmp.js';
import listenPortMismatch from './cross/listen-port-mismatch.js';
import listenLoopbackOnly from './cross/listen-loopback-only.js';
import probePathNotServed from './cross/probe-path-not-served.js';
import livenessChecksDependencies from './cross/liveness-checks-dependencies.js';
import noSigtermHandling from './cross/no-sigterm-handling.js';
import cpuLimitWithoutGomaxprocsGo from './cross/cpu-limit-without-gomaxprocs-go.js';
import httpClientWithoutTimeout from './cross/http-client-without-timeout.js';
import httpServerWithoutTimeouts from './cross/http-server-without-timeouts.js';
import cgoRequiredButDisabled from './cross/cgo-required-but-disabled.js';
import cgoBinaryOnLibclessBase from './cross/cgo-binary-on-libcless-base.js';
import osUserLookupWithoutPasswd from './cross/os-user-lookup-without-passwd.js';
import configWatchNeverFires from './cross/config-watch-never-fires.js';
import requiredEnvMissing from './cross/required-env-missing.js';
import configFileNotProvided from './cross/config-file-not-provided.js';
import metricsNotScraped from './cross/metrics-not-scraped.js';
import pprofExposed from './cross/pprof-exposed.js';
/** Explicit list: deterministic order, and a test checks every rule file is registered here. */
export const RULES: readonly Rule[] = [
  goToolchainMismatch,
  copyBeforeModDownload,
  runtimeStageGolangImage,
  baseImageLatest,
  imageLatestTag,
  noReadinessProbe,
  noLivenessProbe,
  noResourceRequests,
  imageNotFound,
  imagePullUnauthorized,
  imagePullUntrustedTls,
  imagePlatformMismatch,
  imagePullUnreachable,
  imagePullBackoff,
  gomemlimitInvalid,
  gomemlimitAboveLimit,
  memoryLimitWithoutGomemlimit,
  cpuLimitGomaxprocs,
  limitsBelowRequests,
  podSecurityAdmission,
  runAsNonRootWithRootUid,
  runAsUserZero,
  privilegedHostAccess,
  emptydirWithoutEphemeralLimit,
  missingDockerignore,
  dockerignoreGaps,
  noBuildCacheMount,
  runsAsRoot,
  userNotNumeric,
  shellFormWithoutShell,
  missingCaCertificates,
  missingTzdata,
  apkAptHygiene,
  addRemoteUrl,
  secretInBuildArgEnv,
  goBuildFlags,
  baseNotPinnedByDigest,
  goModChangedInBuild,
  cgoLibcMismatch,
  goarchHardcoded,
  goSumNotCopied,
  privateModuleWithoutGoprivate,
  vendorOutOfSync,
  livenessEqualsReadiness,
  livenessBudgetTooShort,
  noStartupProbeSlowStart,
  probeTimeoutTooShort,
  probePortNotDeclared,
  execProbeNeedsShellTools,
  terminationGraceVsPrestop,
  noPrestopDelay,
  singleReplicaNoPdb,
  pdbBlocksDisruption,
  rollingUpdateZeroCapacity,
  serviceSelectsNothing,
  serviceTargetPortUnknown,
  ingressBackendMissing,
  hpaTargetMissing,
  hpaMissingRequests,
  hpaMinEqualsMax,
  hpaWithFixedReplicas,
  configmapSubpathNoReload,
  noConfigChecksum,
  configRefMissing,
  networkpolicyBlocksDns,
  initWaitCycle,
  initWaitNoTimeout,
  cronjobInvalidSchedule,
  jobNoTtl,
  cronjobConcurrency,
  removedApiVersion,
  duplicateEnvName,
  yaml11BooleanString,
  execFormatError,
  execBinaryMissingInterpreter,
  entrypointNotFound,
  entrypointNotExecutable,
  crashloopGoPanic,
  crashloopExit,
  crashloopDependencyUnreachable,
  crashloopMalformedGomemlimit,
  crashloopMissingRuntimeFiles,
  oomkilled,
  livenessKillsSlowStart,
  containerConfigMissingRef,
  runAsNonRootImageRoot,
  volumeMountFailed,
  readinessNeverTrue,
  initContainerStuck,
  initWaitCycleLive,
  podUnschedulable,
  podCreateQuotaExceeded,
  podCreateLimitRange,
  podCreateDenied,
  jobFailed,
  cronjobMissedSchedules,
  ...LOG_RULES,
  ...IMAGE_RULES,
  serviceNoEndpoints,
  corednsUnhealthy,
  hpaMetricsUnavailable,
  hpaFlapping,
  hpaAtMax,
  nodeNotReady,
  podEvicted,
  podEvictedEphemeralStorage,
  rolloutStuck,
  hpaFlapProne,
  gatewayBackendMissing,
  cronjobNoStartingDeadline,
  readonlyRootfsWithoutTmp,
  listenPortMismatch,
  listenLoopbackOnly,
  probePathNotServed,
  livenessChecksDependencies,
  noSigtermHandling,
  cpuLimitWithoutGomaxprocsGo,
  httpClientWithoutTimeout,
  httpServerWithoutTimeouts,
  cgoRequiredButDisabled,
  cgoBinaryOnLibclessBase,
  osUserLookupWithoutPasswd,
  configWatchNeverFires,
  requiredEnvMissing,
  configFileNotProvided,
  metricsNotScraped,
  pprofExposed,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
