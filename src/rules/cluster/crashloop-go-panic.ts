import { crashRule } from '../../triage/crash-rule.js';
import { firstOwnFrame } from '../../triage/go-trace.js';

export default crashRule(
  {
    id: 'crashloop-go-panic',
    fault: 'C2',
    severity: 'error',
    title: 'Go program panics (or hits a runtime fatal error) and the pod crash-loops',
    why:
      'An unrecovered panic prints "panic: <value>" and the goroutine trace to stderr and exits 2; a runtime ' +
      '"fatal error: …" (concurrent map writes, out of memory, all goroutines are asleep) does the same. The ' +
      'kubelet restarts the container with a growing back-off: CrashLoopBackOff, "Back-off restarting failed ' +
      'container". The panic line and the first frame of your own code are in the previous container\'s log.',
    fix: 'Fix the code at the frame shown (nil checks on start-up configuration, recover in goroutines you start), then redeploy <owner>.',
    verify: 'kubectl logs <pod> -c <container> -n <namespace> --previous | head -20',
    tags: ['live', 'go', 'crash'],
  },
  ['go-panic'],
  (p) => {
    const { clue, source } = p.data;
    const what = clue?.kind === 'go-fatal' ? 'the Go runtime stopped with a fatal error' : 'the Go program panicked';
    const frame = clue && source && 'log' in source ? firstOwnFrame(source.log.text, clue.line) : undefined;
    const at = frame ? ` in ${frame.func}${frame.file ? ` (${frame.file})` : ''}` : '';
    return { cause: `${what}${at}: ${clue?.detail ?? clue?.excerpt ?? 'see the previous log'}` };
  },
);
