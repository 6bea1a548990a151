import { eventEvidence } from '../../triage/describe.js';
import { crashRule } from '../../triage/crash-rule.js';
import { exitMeaning } from '../../triage/exit-codes.js';
import { tailLines } from '../../triage/log-excerpt.js';
import { mountEvidence } from '../../triage/mounts.js';
import { formatAge } from '../../triage/clock.js';

export default crashRule(
  {
    id: 'crashloop-exit',
    fault: 'C2',
    severity: 'error',
    title: 'Container keeps exiting and the kubelet keeps restarting it',
    why:
      'The process exits (log.Fatal and os.Exit(1) give 1; a signal gives 128+N) or the kubelet kills it after ' +
      'its liveness probe fails, and the kubelet restarts it with a back-off from 10s to 5m: CrashLoopBackOff, ' +
      '"Back-off restarting failed container". The exit code and the last lines of the previous run say why.',
    fix: 'Read the last lines of the previous run and fix what they name (a missing config file, env var or flag), then redeploy <owner>.',
    verify: 'kubectl logs <pod> -c <container> -n <namespace> --previous --tail=20',
    tags: ['live', 'crash'],
  },
  ['exit', 'liveness-killed', 'config-file-missing', 'bind-failed'],
  (p) => {
    const first = p.pods[0]!;
    const ended = p.data.ended;
    const code = ended ? exitMeaning(ended.exitCode, ended.reason) : 'exits';
    const error = p.data.clue?.type === 'error' ? p.data.clue.error : undefined;
    if (p.cause === 'config-file-missing' && error) {
      const path = error.detail.path ?? '';
      const mounts = mountEvidence(first, path);
      return {
        cause: `${code}; it cannot open its config file ${path}: no such file or directory — ${mounts.covered ? `the file is not in what is mounted at ${mounts.covered}` : 'no volume is mounted at that directory'}`,
        evidence: mounts.evidence,
        field: '.volumeMounts',
        fix: `Mount the file at ${path} in <owner> (a ConfigMap or Secret volume with that key at that directory), or point the app at where it is mounted.`,
      };
    }
    if (p.cause === 'bind-failed' && error) {
      const address = error.detail.address ?? '';
      if (error.kind === 'privileged-port-denied') {
        return {
          cause: `${code}; it cannot listen on ${address}: ports below 1024 need root or NET_BIND_SERVICE, and the container runs without them`,
          field: '.securityContext',
          fix: `Listen on a port ≥ 1024 (and point containerPort, probes and the Service targetPort at it), or add capabilities: { add: [NET_BIND_SERVICE] } in <owner>.`,
        };
      }
      return {
        cause: `${code}; it cannot listen on ${address}: address already in use — another process or container in the pod (same network namespace) holds that port`,
        field: '.ports',
        fix: 'Give each container in the pod its own port (the pod shares one network namespace), or stop the process that already listens there.',
      };
    }
    const kill = p.data.kill;
    if (kill) {
      const ran = kill.ranSeconds !== undefined ? ` after running ${formatAge(kill.ranSeconds)}` : '';
      const failed = kill.unhealthy ? `: ${kill.unhealthy.message}` : '';
      return {
        cause: `the kubelet restarted it${ran} because its ${kill.probe} probe kept failing${failed}`,
        evidence: [kill.killing, kill.unhealthy].flatMap((e) => (e ? [eventEvidence(e, first.pod)] : [])),
        field: `.${kill.probe}Probe`,
        fix: 'Find out why the running service stops answering its liveness probe (deadlock, exhausted pool, a dependency checked inside the probe) in the previous log; liveness should only test the process itself.',
      };
    }
    const last = p.data.log ? tailLines(p.data.log.text, 1)[0] : ended?.message ? tailLines(ended.message, 1)[0] : undefined;
    return { cause: last ? `${code}; its last line: ${last}` : code };
  },
);
