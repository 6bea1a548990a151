import rule from '../../../src/rules/manifest/termination-grace-vs-prestop.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { deployment } from './fixtures.js';

const api = (lifecycle: string, podExtra = ''): string =>
  deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
${lifecycle}`, podExtra);

const grace = (n: number): string => `      terminationGracePeriodSeconds: ${n}\n`;

ruleTester(rule, {
  valid: [
    { name: 'short exec sleep within the default 30s', files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec: { command: ["sleep", "5"] }\n') } },
    {
      name: 'native sleep with a raised grace period',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              sleep: { seconds: 30 }\n', grace(60)) },
    },
    { name: 'httpGet preStop (duration unknown)', files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              httpGet: { path: /drain, port: 8080 }\n') } },
    {
      name: 'grace period 0 is a deliberate immediate kill',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec: { command: ["sleep", "10"] }\n', grace(0)) },
    },
    {
      name: 'sleep as an argument, not a command',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec: { command: ["/app", "drain", "--sleep", "60"] }\n') },
    },
  ],
  invalid: [
    {
      name: 'sh -c sleep 30 with the default grace period',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec:\n                command: ["/bin/sh", "-c", "sleep 30"]\n') },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 26,
          container: 'api',
          message:
            'container "api" sleeps 30s in preStop, using up the default terminationGracePeriodSeconds 30: the app gets SIGTERM only 2s before SIGKILL',
          evidence: [],
        },
      ],
    },
    {
      name: 'two sleeps add up past an explicit 20s grace period',
      files: {
        'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec:\n                command: ["sh", "-c", "sleep 15 && kill -TERM 1 && sleep 10s"]\n', grace(20)),
      },
      findings: [{ file: 'deploy.yaml', line: 20, column: 26, message: /sleeps 25s in preStop, using up terminationGracePeriodSeconds 20/, evidence: [{ file: 'deploy.yaml', line: 21 }] }],
    },
    {
      name: 'native sleep longer than the grace period is rejected',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              sleep:\n                seconds: 45\n') },
      findings: [
        {
          file: 'deploy.yaml',
          line: 20,
          column: 26,
          message: 'container "api" has preStop sleep.seconds 45, more than the default terminationGracePeriodSeconds 30: the API server rejects the pod',
        },
      ],
    },
    {
      name: 'plain sleep binary equal to the grace period',
      files: { 'deploy.yaml': api('          lifecycle:\n            preStop:\n              exec: { command: ["/bin/sleep", "1m"] }\n', grace(60)) },
      findings: [{ file: 'deploy.yaml', line: 19, column: 32, message: /sleeps 60s in preStop/ }],
    },
  ],
});
