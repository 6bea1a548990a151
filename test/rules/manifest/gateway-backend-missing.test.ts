import rule from '../../../src/rules/manifest/gateway-backend-missing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports:\n            - { name: http, containerPort: 8080 }\n';
const namedService = service.replace('    - port: 80\n', '    - name: http\n      port: 80\n');
const app = deployment(api) + namedService;
const route = (backendRefs: string, { kind = 'HTTPRoute', ns = 'shop', apiVersion = 'gateway.networking.k8s.io/v1' } = {}) => `---
apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: shop
  namespace: ${ns}
spec:
  parentRefs:
    - name: public
      namespace: gateway-system
  hostnames: [shop.example.com]
  rules:
    - matches:
        - path: { type: PathPrefix, value: / }
      backendRefs:
${backendRefs}`;
const ref = (name: string, port: number, extra = '') => `        - name: ${name}\n          port: ${port}\n${extra}`;

ruleTester(rule, {
  valid: [
    { name: 'Service and port exist', files: { 'k8s/app.yaml': app + route(ref('api', 80)) } },
    { name: 'v1beta1 GRPCRoute to an existing Service', files: { 'k8s/app.yaml': app + route(ref('api', 80), { kind: 'GRPCRoute', apiVersion: 'gateway.networking.k8s.io/v1beta1' }) } },
    { name: 'route linted alone: nothing of the namespace in the set', files: { 'k8s/route.yaml': route(ref('api', 80)).slice(4) } },
    { name: 'route in a namespace without workloads', files: { 'k8s/app.yaml': app + route(ref('storefront', 80), { ns: 'web' }) } },
    { name: 'cross-namespace ref to a namespace not in the set', files: { 'k8s/app.yaml': app + route(ref('payments', 8080, '          namespace: billing\n')) } },
    { name: 'cross-namespace ref to a Service that exists there', files: { 'k8s/app.yaml': app + route(ref('api', 80, '          namespace: shop\n'), { ns: 'web' }) } },
    { name: 'non-Service backend (custom kind)', files: { 'k8s/app.yaml': app + route(ref('assets', 443, '          group: gateway.envoyproxy.io\n          kind: Backend\n')) } },
    { name: 'ServiceImport backend (multicluster group)', files: { 'k8s/app.yaml': app + route(ref('api-east', 80, '          group: multicluster.x-k8s.io\n          kind: ServiceImport\n')) } },
    { name: 'unrendered chart value', files: { 'k8s/app.yaml': app + route("        - name: '{{ .Values.backend }}'\n          port: 80\n") } },
    { name: 'a Gateway API look-alike CRD in another group', files: { 'k8s/app.yaml': app + route(ref('nope', 80), { apiVersion: 'networking.example.com/v1' }) } },
  ],
  invalid: [
    {
      name: 'Service name typo',
      files: { 'k8s/app.yaml': app + route(ref('api-svc', 80)) },
      findings: [{ file: 'k8s/app.yaml', line: 46, column: 17, message: 'HTTPRoute shop routes to Service api-svc, which is not in namespace shop (did you mean api?)' }],
    },
    {
      name: 'port is the targetPort, not the Service port (GRPCRoute)',
      files: { 'k8s/app.yaml': deployment(api) + service.replace('targetPort: http', 'targetPort: 8080') + route(ref('api', 8080), { kind: 'GRPCRoute' }) },
      findings: [
        {
          file: 'k8s/app.yaml',
          line: 46,
          column: 17,
          message: 'GRPCRoute shop routes to port 8080 of Service shop/api, which has ports 80 (8080 is a targetPort: the route needs the Service port)',
          evidence: [{ file: 'k8s/app.yaml', line: 28 }],
        },
      ],
    },
    {
      name: 'cross-namespace ref to a Service that is not there',
      files: { 'k8s/app.yaml': app + route(ref('cart', 80, '          namespace: shop\n'), { ns: 'web' }) },
      findings: [{ file: 'k8s/app.yaml', line: 46, column: 17, message: 'HTTPRoute shop routes to Service cart, which is not in namespace shop' }],
    },
    {
      name: 'explicit kind Service, group "", second ref missing',
      files: { 'k8s/app.yaml': app + route(ref('api', 80, '          weight: 90\n') + ref('api-canary', 80, "          kind: Service\n          group: ''\n          weight: 10\n")) },
      findings: [{ file: 'k8s/app.yaml', line: 49, column: 17, message: 'HTTPRoute shop routes to Service api-canary, which is not in namespace shop (did you mean api?)' }],
    },
  ],
});
