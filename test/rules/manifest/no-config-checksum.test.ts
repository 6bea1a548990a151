import rule from '../../../src/rules/manifest/no-config-checksum.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const envFrom = deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          envFrom:\n            - configMapRef: { name: api-config }\n');
const configMap = (name = 'api-config', extra = '') => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}data:\n  LOG_LEVEL: info\n`;

ruleTester(rule, {
  valid: [
    { name: 'ConfigMap not in the set (managed elsewhere)', files: { 'k8s/api.yaml': envFrom } },
    { name: 'checksum annotation', files: { 'k8s/api.yaml': envFrom.replace('labels: { app: api }', 'labels: { app: api }\n      annotations: { checksum/config: 9f86d081884c }') + configMap() } },
    { name: 'immutable ConfigMap', files: { 'k8s/api.yaml': envFrom + configMap('api-config', 'immutable: true\n') } },
    {
      name: 'mounted as a directory (the kubelet updates it)',
      files: {
        'k8s/api.yaml':
          deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          volumeMounts: [{ name: config, mountPath: /etc/api }]\n', '      volumes:\n        - { name: config, configMap: { name: api-config } }\n') +
          configMap(),
      },
    },
  ],
  invalid: [
    {
      name: 'envFrom a ConfigMap shipped alongside',
      files: { 'k8s/api.yaml': envFrom + configMap() },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 12,
          column: 7,
          message: 'Deployment api reads ConfigMap api-config through env, but nothing rolls its pods when it changes: running pods keep the old values',
          evidence: [{ file: 'k8s/api.yaml', line: 18 }],
        },
      ],
    },
  ],
});
