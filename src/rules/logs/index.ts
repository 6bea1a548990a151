import type { Rule } from '../../core/rule.js';
import gcCpuHigh from './gc-cpu-high.js';
import gcForcedCycles from './gc-forced-cycles.js';
import gcHeapNearMemoryLimit from './gc-heap-near-memory-limit.js';
import gcLiveHeapGrowth from './gc-live-heap-growth.js';
import goConcurrentMapAccess from './go-concurrent-map-access.js';
import goDeadlock from './go-deadlock.js';
import goFatalError from './go-fatal-error.js';
import goOutOfMemory from './go-out-of-memory.js';
import goPanic from './go-panic.js';
import gomaxprocsAboveCpuLimit from './gomaxprocs-above-cpu-limit.js';
import gomemlimitRejected from './gomemlimit-rejected.js';
import goroutineLeak from './goroutine-leak.js';
import logAddressInUse from './log-address-in-use.js';
import logConfigFileMissing from './log-config-file-missing.js';
import logConnectionRefusedLocalhost from './log-connection-refused-localhost.js';
import logDeadlineExceeded from './log-deadline-exceeded.js';
import logDialTimeout from './log-dial-timeout.js';
import logDnsNoSuchHost from './log-dns-no-such-host.js';
import logExecFormatError from './log-exec-format-error.js';
import logPrivilegedPortDenied from './log-privileged-port-denied.js';
import logUnknownTimeZone from './log-unknown-time-zone.js';
import logX509UnknownAuthority from './log-x509-unknown-authority.js';
import packageInitHang from './package-init-hang.js';
import schedCpuStarved from './sched-cpu-starved.js';
import schedIdleSpinning from './sched-idle-spinning.js';
import schedStall from './sched-stall.js';
import schedThreadGrowth from './sched-thread-growth.js';
import slowPackageInit from './slow-package-init.js';

/** Rules over decoded Go runtime output (`kubewhy logs`); registered in src/rules/index.ts by the lead. */
export const LOG_RULES: readonly Rule[] = [
  gcCpuHigh,
  gcForcedCycles,
  gcHeapNearMemoryLimit,
  gcLiveHeapGrowth,
  goConcurrentMapAccess,
  goDeadlock,
  goFatalError,
  goOutOfMemory,
  goPanic,
  gomaxprocsAboveCpuLimit,
  gomemlimitRejected,
  goroutineLeak,
  logAddressInUse,
  logConfigFileMissing,
  logConnectionRefusedLocalhost,
  logDeadlineExceeded,
  logDialTimeout,
  logDnsNoSuchHost,
  logExecFormatError,
  logPrivilegedPortDenied,
  logUnknownTimeZone,
  logX509UnknownAuthority,
  packageInitHang,
  schedCpuStarved,
  schedIdleSpinning,
  schedStall,
  schedThreadGrowth,
  slowPackageInit,
];
