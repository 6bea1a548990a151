import rule from '../../../src/rules/manifest/yaml11-boolean-string.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (env: string) => `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          env:\n${env}`;

ruleTester(rule, {
  valid: [
    { name: 'quoted values', files: { 'k8s/api.yaml': deployment(api('            - { name: FEATURE_X, value: "yes" }\n            - { name: PORT, value: "8080" }\n            - { name: GO_VERSION, value: \'1.10\' }\n')) } },
    { name: 'plain strings', files: { 'k8s/api.yaml': deployment(api('            - { name: LOG_LEVEL, value: info }\n')) } },
    { name: 'numbers where numbers belong', files: { 'k8s/api.yaml': deployment(api('            - { name: A, value: a }\n')).replace('replicas: 2', 'replicas: 3') } },
  ],
  invalid: [
    {
      name: 'env value yes is a boolean in YAML 1.1',
      files: { 'k8s/api.yaml': deployment(api('            - name: FEATURE_X\n              value: yes\n')) },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 19,
          column: 22,
          container: 'api',
          message:
            'env FEATURE_X value is the YAML boolean true, not a string: json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
        },
      ],
    },
    {
      name: 'env value 1.10 is the float 1.1; ConfigMap on: and a numeric label',
      files: {
        'k8s/api.yaml':
          deployment(api('            - name: API_VERSION\n              value: 1.10\n')).replace('labels: { app: api }', 'labels: { app: api, version: 2 }') +
          '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: flags, namespace: shop }\ndata:\n  cache: on\n  mode: fast\n',
      },
      findings: [
        { file: 'k8s/api.yaml', line: 12, column: 36, message: /^label version is the YAML number 2, not a string: json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string$/ },
        { file: 'k8s/api.yaml', line: 19, column: 22, message: /^env API_VERSION value is the YAML number 1.1, not a string/ },
        { file: 'k8s/api.yaml', line: 25, column: 10, message: 'data.cache is the YAML boolean true, not a string: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string' },
      ],
    },
  ],
});
