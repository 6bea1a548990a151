import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-config-file-missing',
    fault: 'C2',
    severity: 'error',
    title: 'A configuration file the service opens is not in the container',
    why:
      '`open <path>: no such file or directory` for a config, certificate or token file: the path is relative to a ' +
      'WORKDIR that differs in the image, the ConfigMap/Secret is mounted at another path (or with subPath/items ' +
      'that rename the key), or the file was never copied into the image.',
    fix: 'Mount the ConfigMap/Secret at the path the code opens (or pass the path by flag/env), and use absolute paths.',
    verify: 'kubectl exec <pod> -- ls -la <dir>; kubectl get pod <pod> -o jsonpath="{.spec.containers[*].volumeMounts}"',
    tags: ['logs', 'config'],
  },
  'config-file-missing',
  (f) => `the service cannot open ${f.detail.path}: no such file or directory${times(f.count)}`,
);
