import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/core/config.js';
import { lint } from '../../../src/core/lint.js';
import rule from '../../../src/rules/manifest/config-ref-missing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { writeTree } from '../../helpers/workspace.js';
import { deployment } from './fixtures.js';

const api = (more: string) => `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n${more}`;
const envKey = (kind: 'configMapKeyRef' | 'secretKeyRef', name: string, key: string, extra = '') =>
  `          env:\n            - name: DB_URL\n              valueFrom:\n                ${kind}: { name: ${name}, key: ${key}${extra} }\n`;
const configMap = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: shop
data:
  DB_URL: postgres://db.shop:5432/shop
  LOG_LEVEL: info
`;
const volume = (name: string, items = '') =>
  `          volumeMounts: [{ name: config, mountPath: /etc/api }]\n      volumes:\n        - name: config\n          configMap:\n            name: ${name}\n${items}`;

ruleTester(rule, {
  valid: [
    { name: 'key present', files: { 'k8s/api.yaml': deployment(api(envKey('configMapKeyRef', 'api-config', 'DB_URL'))) + configMap } },
    { name: 'Secret from elsewhere (not complete): silent', files: { 'k8s/api.yaml': deployment(api(envKey('secretKeyRef', 'db-credentials', 'password'))) } },
    { name: 'optional reference', files: { 'k8s/api.yaml': deployment(api(envKey('configMapKeyRef', 'api-config', 'FEATURE_FLAGS', ', optional: true'))) + configMap } },
    {
      name: 'Secret written by an ExternalSecret',
      files: {
        'k8s/api.yaml':
          deployment(api(envKey('secretKeyRef', 'db-credentials', 'password'))) +
          '---\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: { name: db, namespace: shop }\nspec:\n  secretStoreRef: { name: vault, kind: ClusterSecretStore }\n  target: { name: db-credentials }\n  dataFrom: [{ extract: { key: shop/db } }]\n',
      },
    },
    { name: 'volume items with existing keys', files: { 'k8s/api.yaml': deployment(api(volume('api-config', '            items: [{ key: LOG_LEVEL, path: level }]\n'))) + configMap } },
    { name: 'ConfigMap in another namespace is not a near miss', files: { 'k8s/api.yaml': deployment(api(envKey('configMapKeyRef', 'api-confg', 'DB_URL'))) + configMap.replace('namespace: shop', 'namespace: other') } },
  ],
  invalid: [
    {
      name: 'env key missing in a ConfigMap of the set',
      files: { 'k8s/api.yaml': deployment(api(envKey('configMapKeyRef', 'api-config', 'DATABASE_URL'))) + configMap },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 20,
          column: 42,
          container: 'api',
          message:
            'container "api" env reads key DATABASE_URL of ConfigMap api-config, which has DB_URL, LOG_LEVEL: the container stays in CreateContainerConfigError (couldn\'t find key DATABASE_URL in ConfigMap shop/api-config)',
          evidence: [{ file: 'k8s/api.yaml', line: 25 }],
        },
      ],
    },
    {
      name: 'near-miss ConfigMap name (warning without complete)',
      files: { 'k8s/api.yaml': deployment(api(envKey('configMapKeyRef', 'api-confg', 'DB_URL'))) + configMap },
      findings: [{ file: 'k8s/api.yaml', line: 20, column: 42, message: /^container "api" env reads ConfigMap api-confg, which is not in namespace shop \(did you mean api-config\?\): the container stays in CreateContainerConfigError \(configmap "api-confg" not found\)$/ }],
    },
    {
      name: 'volume item key missing',
      files: { 'k8s/api.yaml': deployment(api(volume('api-config', '            items: [{ key: config.yaml, path: config.yaml }]\n'))) + configMap },
      findings: [{ file: 'k8s/api.yaml', line: 22, column: 28, message: /^volume "config" reads key config.yaml of ConfigMap api-config.*configmap references non-existent config key: config.yaml\)$/ }],
    },
  ],
});

describe('config-ref-missing with options.complete', () => {
  it('reports every unresolved reference as an error', async () => {
    const root = await writeTree({ 'k8s/api.yaml': deployment(api(`${envKey('secretKeyRef', 'db-credentials', 'password')}          envFrom: [{ configMapRef: { name: api-env } }]\n`)) });
    const config = defaultConfig();
    config.rules['config-ref-missing'] = { options: { complete: true } };
    const r = await lint({ paths: [root], root, config, rules: [rule] });
    expect(r.findings.map((f) => [f.severity, f.subject.span?.line, f.message])).toEqual([
      ['error', 20, 'container "api" env reads Secret db-credentials, which is not in namespace shop: the container stays in CreateContainerConfigError (secret "db-credentials" not found)'],
      ['error', 21, 'container "api" envFrom reads ConfigMap api-env, which is not in namespace shop: the container stays in CreateContainerConfigError (configmap "api-env" not found)'],
    ]);
  });
});
