import rule from '../../../src/rules/manifest/service-target-port-unknown.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const api = (ports = '            - { name: http, containerPort: 8080 }\n') =>
  `        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports:\n${ports}`;
const noPorts = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n';
const target = (t: string) => service.replace('targetPort: http', `targetPort: ${t}`);

ruleTester(rule, {
  valid: [
    { name: 'named targetPort declared', files: { 'k8s/api.yaml': deployment(api()) + service } },
    { name: 'numeric targetPort declared', files: { 'k8s/api.yaml': deployment(api()) + target('8080') } },
    { name: 'numeric targetPort, no ports declared at all (containerPort is informational)', files: { 'k8s/api.yaml': deployment(noPorts) + target('8080') } },
    { name: 'no targetPort: defaults to port, which is declared', files: { 'k8s/api.yaml': deployment(api('            - containerPort: 80\n')) + service.replace('      targetPort: http\n', '') } },
    {
      name: 'named port served by a native sidecar',
      files: {
        'k8s/api.yaml': deployment(noPorts, '      initContainers:\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n          restartPolicy: Always\n          ports: [{ name: http, containerPort: 10000 }]\n') + service,
      },
    },
    { name: 'Service selecting nothing is another rule', files: { 'k8s/api.yaml': deployment(noPorts) + service.replace('{ app: api }', '{ app: web }') } },
    { name: 'unrendered Helm value', files: { 'k8s/api.yaml': deployment(noPorts) + target('"{{ .Values.port }}"') } },
  ],
  invalid: [
    {
      name: 'named targetPort nobody declares',
      files: { 'k8s/api.yaml': deployment(api('            - { name: web, containerPort: 8080 }\n            - { name: metrics, containerPort: 9090 }\n')) + service },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 30,
          column: 19,
          message: 'Service api named targetPort "http" matches no container port of Deployment api (declared: web=8080, metrics=9090): its pods get no endpoints for this port',
          evidence: [{ file: 'k8s/api.yaml', line: 18 }],
        },
      ],
    },
    {
      name: 'named targetPort on a container without ports',
      files: { 'k8s/api.yaml': deployment(noPorts) + service },
      findings: [{ file: 'k8s/api.yaml', line: 27, column: 19, message: /matches no container port of Deployment api \(no container declares ports\): its pods get no endpoints/, evidence: [] }],
    },
    {
      name: 'named port with the wrong protocol',
      files: { 'k8s/api.yaml': deployment(api('            - { name: http, containerPort: 8080, protocol: UDP }\n')) + service },
      findings: [{ file: 'k8s/api.yaml', line: 29, column: 19, message: /\(declared: http=8080\/UDP\)/ }],
    },
    {
      name: 'numeric targetPort other than the declared one (warning)',
      files: { 'k8s/api.yaml': deployment(api()) + target('80') },
      findings: [{ file: 'k8s/api.yaml', line: 29, column: 19, message: 'Service api targetPort 80 matches no container port of Deployment api (declared: http=8080): traffic goes to a port the pods do not declare' }],
    },
  ],
});
