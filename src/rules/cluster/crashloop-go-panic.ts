import { crashRule } from '../../triage/crash-rule.js';
import { frameLabel } from '../../logs/rule-support.js';
import { clueText } from '../../triage/crash-rule.js';

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
    const clue = p.data.clue;
    const crash = clue?.type === 'crash' ? clue.crash : undefined;
    const what = crash?.kind === 'fatal' ? 'the Go runtime stopped with a fatal error' : 'the Go program panicked';
    const frame = crash?.culprit?.userFrame;
    const at = frame ? ` in ${frameLabel(frame)}` : '';
    // The panic that ended the program is the last of a chain of nested panics.
    const value = crash?.fatal ?? crash?.panics.at(-1)?.value.split('\n')[0] ?? (clue ? clueText(clue) : 'see the previous log');
    return { cause: `${what}${at}: ${value}` };
  },
);
