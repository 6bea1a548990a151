import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-address-in-use',
    fault: 'C4',
    severity: 'error',
    title: 'The server cannot listen: the port is already taken',
    why:
      'Containers of a pod share one network namespace: two containers (app and sidecar, or two servers in one ' +
      'binary: metrics and HTTP) on the same port collide with `bind: address already in use`; with hostNetwork ' +
      'the node\'s own processes count too.',
    fix: 'Give each listener its own port (and update containerPort, probes and the Service targetPort).',
    verify: 'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].ports}"',
    tags: ['logs', 'network'],
  },
  'address-in-use',
  (f) => `listening on ${f.detail.address} fails: address already in use${times(f.count)}`,
);
