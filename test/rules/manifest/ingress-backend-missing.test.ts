import rule from '../../../src/rules/manifest/ingress-backend-missing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment, service } from './fixtures.js';

const api = '        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          ports:\n            - { name: http, containerPort: 8080 }\n';
const namedService = service.replace('    - port: 80\n', '    - name: http\n      port: 80\n');
const ingress = (backend: string, ns = 'shop') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: ${ns}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
${backend}`;
const byNumber = (name: string, n: number) => `                name: ${name}\n                port:\n                  number: ${n}\n`;
const byName = (name: string, port: string) => `                name: ${name}\n                port:\n                  name: ${port}\n`;

ruleTester(rule, {
  valid: [
    { name: 'service and port number exist', files: { 'k8s/app.yaml': deployment(api) + namedService + ingress(byNumber('api', 80)) } },
    { name: 'service and port name exist', files: { 'k8s/app.yaml': deployment(api) + namedService + ingress(byName('api', 'http')) } },
    { name: 'nothing of the namespace in the set (Ingress linted alone)', files: { 'k8s/ingress.yaml': ingress(byNumber('api', 80)).slice(4) } },
    { name: 'Ingress in another namespace than the workloads', files: { 'k8s/app.yaml': deployment(api) + namedService + ingress(byNumber('storefront', 80), 'web') } },
    { name: 'resource backend, not a Service', files: { 'k8s/app.yaml': deployment(api) + namedService + ingress('                name: api\n                port: { number: 80 }\n').replace('              service:\n', '              resource: { apiGroup: k8s.example.com, kind: StorageBucket, name: assets }\n              service:\n').replace(/              service:\n[^]*$/, '') } },
  ],
  invalid: [
    {
      name: 'backend Service name typo',
      files: { 'k8s/app.yaml': deployment(api) + namedService + ingress(byNumber('api-svc', 80)) },
      findings: [{ file: 'k8s/app.yaml', line: 47, column: 23, message: 'Ingress shop routes to Service api-svc, which is not in namespace shop (did you mean api?)' }],
    },
    {
      name: 'port number is the targetPort, not the Service port',
      files: { 'k8s/app.yaml': deployment(api) + service.replace('targetPort: http', 'targetPort: 8080') + ingress(byNumber('api', 8080)) },
      findings: [
        {
          file: 'k8s/app.yaml',
          line: 48,
          column: 27,
          message: 'Ingress shop routes to port 8080 of Service api, which has ports 80 (8080 is a targetPort: the Ingress needs the Service port)',
          evidence: [{ file: 'k8s/app.yaml', line: 28 }],
        },
      ],
    },
    {
      name: 'port name the Service does not have',
      files: { 'k8s/app.yaml': deployment(api) + namedService + ingress(byName('api', 'web')) },
      findings: [{ file: 'k8s/app.yaml', line: 49, column: 25, message: 'Ingress shop routes to port "web" of Service api, which has ports http=80' }],
    },
  ],
});
