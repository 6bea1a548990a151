import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-privileged-port-denied',
    fault: 'C4',
    severity: 'error',
    title: 'A non-root container tries to listen on a port below 1024',
    why:
      'Ports below 1024 need root or CAP_NET_BIND_SERVICE. An image running as nonroot (distroless :nonroot, ' +
      'runAsNonRoot, USER 65532) gets `bind: permission denied` on :80 or :443.',
    fix: 'Listen on a high port (8080) and map it in the Service (port: 80, targetPort: 8080); or add the NET_BIND_SERVICE capability.',
    verify: 'kubectl get pod <pod> -o jsonpath="{.spec.containers[*].securityContext}"',
    tags: ['logs', 'network', 'security'],
  },
  'privileged-port-denied',
  (f) => `listening on ${f.detail.address} is denied: port ${f.detail.port} needs root or NET_BIND_SERVICE${times(f.count)}`,
);
