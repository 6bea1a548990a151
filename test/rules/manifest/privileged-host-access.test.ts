import rule from '../../../src/rules/manifest/privileged-host-access.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (sc: string, extra = ''): string =>
  deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${sc ? `          securityContext:\n${sc}` : ''}`, extra);

ruleTester(rule, {
  valid: [
    { name: 'drop ALL, add NET_BIND_SERVICE', files: { 'd.yaml': api('            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }\n') } },
    { name: 'privileged: false, hostNetwork: false', files: { 'd.yaml': api('            privileged: false\n', '      hostNetwork: false\n') } },
    { name: 'emptyDir and configMap volumes', files: { 'd.yaml': api('', '      volumes:\n        - name: tmp\n          emptyDir: {}\n        - name: cfg\n          configMap: { name: api }\n') } },
    {
      name: 'DaemonSet node agent',
      files: {
        'ds.yaml':
          'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: node-exporter, namespace: monitoring }\nspec:\n  selector: { matchLabels: { app: ne } }\n  template:\n    metadata: { labels: { app: ne } }\n    spec:\n      hostPID: true\n      containers:\n        - name: ne\n          image: quay.io/prometheus/node-exporter:v1.8.2\n',
      },
    },
  ],
  invalid: [
    {
      name: 'everything at once (findings in file order)',
      files: {
        'd.yaml': api(
          '            privileged: true\n            capabilities:\n              add: ["NET_ADMIN", "cap_sys_admin", "NET_RAW"]\n',
          '      hostNetwork: true\n      volumes:\n        - name: docker\n          hostPath: { path: /var/run/docker.sock }\n',
        ),
      },
      findings: [
        { file: 'd.yaml', line: 18, column: 25, container: 'api', message: 'container "api" is privileged: it has every capability and all of the node\'s devices' },
        { file: 'd.yaml', line: 20, column: 21, message: 'container "api" adds the NET_ADMIN capability' },
        { file: 'd.yaml', line: 20, column: 34, message: 'container "api" adds the SYS_ADMIN capability' },
        { file: 'd.yaml', line: 21, column: 20, message: 'pod template of Deployment "api" shares the node\'s network namespace (hostNetwork: true)' },
        { file: 'd.yaml', line: 24, column: 21, message: 'volume "docker" mounts the node path /var/run/docker.sock (hostPath)' },
      ],
    },
  ],
});
