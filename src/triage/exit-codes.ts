/**
 * What an exit code means for a Go service. The runtime exits 2 on an unrecovered panic or
 * `fatal error`; `log.Fatal` and `os.Exit(1)` give 1; 128+N is death by signal N.
 */
export function exitMeaning(exitCode: number, reason?: string): string {
  if (reason === 'OOMKilled') return 'killed by the kernel OOM killer (memory limit reached)';
  switch (exitCode) {
    case 0:
      return 'exited normally';
    case 1:
      return 'exited with status 1 (log.Fatal / os.Exit(1): the app gave up, read its last log lines)';
    case 2:
      return 'exited with status 2 (Go panic or runtime fatal error)';
    case 126:
      return 'command found but not executable (permission denied or not a binary for this platform)';
    case 127:
      return 'command not found (ENTRYPOINT/CMD path wrong, or missing shell/binary in the image)';
    case 128:
      return 'the runtime could not start the process (invalid entrypoint)';
    case 134:
      return 'aborted (SIGABRT: Go fatal error with GOTRACEBACK=crash, or a C library abort)';
    case 137:
      return 'killed by SIGKILL (OOM kill, or not stopping within terminationGracePeriodSeconds)';
    case 139:
      return 'segmentation fault (SIGSEGV in cgo/C code)';
    case 143:
      return 'terminated by SIGTERM (stopped by Kubernetes: liveness failure, eviction or rollout)';
    default:
      return exitCode > 128 ? `killed by signal ${exitCode - 128}` : `exited with status ${exitCode}`;
  }
}
