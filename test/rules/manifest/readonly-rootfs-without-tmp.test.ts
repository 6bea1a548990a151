import rule from '../../../src/rules/manifest/readonly-rootfs-without-tmp.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (extra = '', volumes = ''): string =>
  deployment(`        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          securityContext:\n            readOnlyRootFilesystem: true\n${extra}`, volumes);
const tmpVolume = '      volumes:\n        - name: tmp\n          emptyDir: { sizeLimit: 64Mi }\n';

ruleTester(rule, {
  valid: [
    { name: 'emptyDir at /tmp', files: { 'd.yaml': api('          volumeMounts:\n            - { name: tmp, mountPath: /tmp }\n', tmpVolume) } },
    { name: 'emptyDir at /tmp/ (trailing slash)', files: { 'd.yaml': api('          volumeMounts:\n            - { name: tmp, mountPath: /tmp/ }\n', tmpVolume) } },
    {
      name: 'TMPDIR points into a writable mount',
      files: { 'd.yaml': api('          env:\n            - { name: TMPDIR, value: /scratch/tmp }\n          volumeMounts:\n            - { name: tmp, mountPath: /scratch }\n', tmpVolume) },
    },
    { name: 'TMPDIR from a Secret we cannot read', files: { 'd.yaml': api('          env:\n            - name: TMPDIR\n              valueFrom: { secretKeyRef: { name: s, key: k } }\n') } },
    { name: 'root filesystem writable', files: { 'd.yaml': deployment('        - name: api\n          image: ghcr.io/acme/api:1.4.2\n') } },
  ],
  invalid: [
    {
      name: 'read-only root, no mounts',
      files: { 'd.yaml': api() },
      findings: [
        {
          file: 'd.yaml',
          line: 18,
          column: 37,
          container: 'api',
          message: 'container "api" has a read-only root filesystem and nothing writable at /tmp: Go temp files fail with "open /tmp/…: read-only file system"',
        },
      ],
    },
    {
      name: '/tmp mounted read-only',
      files: { 'd.yaml': api('          volumeMounts:\n            - { name: tmp, mountPath: /tmp, readOnly: true }\n', tmpVolume) },
      findings: [{ file: 'd.yaml', line: 18, column: 37, message: /nothing writable at \/tmp/ }],
    },
    {
      name: 'TMPDIR elsewhere, /tmp mounted',
      files: { 'd.yaml': api('          env:\n            - { name: TMPDIR, value: /var/cache/app }\n          volumeMounts:\n            - { name: tmp, mountPath: /tmp }\n', tmpVolume) },
      findings: [{ file: 'd.yaml', line: 18, column: 37, message: /nothing writable at \/var\/cache\/app: .*"open \/var\/cache\/app\/…: read-only file system"$/ }],
    },
  ],
});
