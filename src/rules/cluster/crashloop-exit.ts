import { eventEvidence } from '../../triage/describe.js';
import { crashRule } from '../../triage/crash-rule.js';
import { exitMeaning } from '../../triage/exit-codes.js';
import { tailLines } from '../../triage/log-clues.js';
import { formatSeconds } from '../../triage/snapshot-time.js';

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
  ['exit', 'liveness-killed'],
  (p) => {
    const first = p.pods[0]!;
    const kill = p.data.kill;
    if (kill) {
      const ran = kill.ranSeconds !== undefined ? ` after running ${formatSeconds(kill.ranSeconds)}` : '';
      const failed = kill.unhealthy ? `: ${kill.unhealthy.message}` : '';
      return {
        cause: `the kubelet restarted it${ran} because its ${kill.probe} probe kept failing${failed}`,
        evidence: [kill.killing, kill.unhealthy].flatMap((e) => (e ? [eventEvidence(e, first.pod)] : [])),
        field: `.${kill.probe}Probe`,
        fix: 'Find out why the running service stops answering its liveness probe (deadlock, exhausted pool, a dependency checked inside the probe) in the previous log; liveness should only test the process itself.',
      };
    }
    const ended = p.data.ended;
    const last = p.data.log ? tailLines(p.data.log.text, 1)[0] : ended?.message ? tailLines(ended.message, 1)[0] : undefined;
    const code = ended ? exitMeaning(ended.exitCode, ended.reason) : 'exits';
    return { cause: last ? `${code}; its last line: ${last}` : code };
  },
);
