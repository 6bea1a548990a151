import rule from '../../../src/rules/manifest/configmap-subpath-no-reload.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const mounted = (mount: string, volume = '          configMap: { name: api-config }\n') =>
  deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          volumeMounts:\n            - ${mount}\n`, `      volumes:\n        - name: config\n${volume}`);
const subPath = '{ name: config, mountPath: /etc/api/config.yaml, subPath: config.yaml }';

ruleTester(rule, {
  valid: [
    { name: 'whole volume on a directory', files: { 'k8s/api.yaml': mounted('{ name: config, mountPath: /etc/api }') } },
    { name: 'checksum annotation rolls the pods', files: { 'k8s/api.yaml': mounted(subPath).replace('labels: { app: api }', 'labels: { app: api }\n      annotations:\n        checksum/config: 5f2b9c0e1a') } },
    { name: 'Reloader on the Deployment', files: { 'k8s/api.yaml': mounted(subPath).replace('namespace: shop\n', 'namespace: shop\n  annotations: { reloader.stakater.com/auto: "true" }\n') } },
    { name: 'emptyDir with subPath', files: { 'k8s/api.yaml': mounted('{ name: config, mountPath: /var/cache/api, subPath: cache }', '          emptyDir: {}\n') } },
    {
      name: 'Kustomize hash-suffixed ConfigMap',
      files: { 'k8s/api.yaml': mounted(subPath, '          configMap: { name: api-config-7h2m5tkb4g }\n') },
    },
  ],
  invalid: [
    {
      name: 'ConfigMap file via subPath',
      files: { 'k8s/api.yaml': mounted(subPath) },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 18,
          column: 73,
          container: 'api',
          message: 'container "api" mounts ConfigMap api-config (volume "config") at /etc/api/config.yaml with subPath: updates never reach the running pod',
        },
      ],
    },
    {
      name: 'TLS Secret via subPath',
      files: { 'k8s/api.yaml': mounted('{ name: config, mountPath: /etc/tls/tls.crt, subPath: tls.crt }', '          secret: { secretName: api-tls }\n') },
      findings: [{ file: 'k8s/api.yaml', line: 18, column: 69, message: /^container "api" mounts Secret api-tls \(volume "config"\)/ }],
    },
  ],
});
