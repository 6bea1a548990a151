import rule from '../../../src/rules/manifest/init-wait-cycle.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { waitingApp } from './init-wait-fixtures.js';

const ordersWaitsForApi = waitingApp('orders', 'until nc -z api 80; do echo waiting for api; sleep 2; done');

ruleTester(rule, {
  valid: [
    {
      name: 'a chain, not a cycle',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until wget -q -O- http://orders.shop.svc.cluster.local/healthz; do sleep 2; done') + waitingApp('orders', 'until nc -z postgres 5432; do sleep 2; done') },
    },
    {
      name: 'nslookup of a ClusterIP Service resolves without endpoints',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until nslookup orders; do sleep 2; done') + ordersWaitsForApi },
    },
    {
      name: 'StatefulSet-style peer wait on a headless Service that publishes not-ready addresses',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until nslookup api; do sleep 2; done', '  clusterIP: None\n  publishNotReadyAddresses: true\n') },
    },
    {
      name: 'same Service name in another namespace',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until nc -z orders.billing 80; do sleep 2; done') + ordersWaitsForApi },
    },
  ],
  invalid: [
    {
      name: 'api waits for orders, orders waits for api',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until wget -q -O- http://orders:80/healthz; do sleep 2; done') + ordersWaitsForApi },
      findings: [
        {
          file: 'k8s/apps.yaml',
          line: 19,
          column: 13,
          container: 'wait',
          message:
            'init containers wait on each other: Deployment api waits for Service orders (orders:80), which selects Deployment orders; ' +
            'Deployment orders waits for Service api (api:80), which selects Deployment api. No pod in the cycle can finish its init containers (Init:0/1 forever)',
          evidence: [
            { file: 'k8s/apps.yaml', line: 19 },
            { file: 'k8s/apps.yaml', line: 63 },
            { file: 'k8s/apps.yaml', line: 51 },
            { file: 'k8s/apps.yaml', line: 31 },
          ],
        },
      ],
    },
    {
      name: 'pod waits for its own headless Service',
      files: { 'k8s/apps.yaml': waitingApp('api', 'until nslookup api.shop; do sleep 2; done', '  clusterIP: None\n') },
      findings: [{ file: 'k8s/apps.yaml', line: 19, column: 13, message: /^init container waits for its own pods: Deployment api waits for Service api \(api.shop\), which selects Deployment api\./ }],
    },
  ],
});
