import rule from '../../../src/rules/manifest/init-wait-no-timeout.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { waitingApp } from './init-wait-fixtures.js';

ruleTester(rule, {
  valid: [
    { name: 'timeout wrapper', files: { 'k8s/api.yaml': waitingApp('api', `timeout 120 sh -c 'until nc -z postgres 5432; do sleep 2; done'`) } },
    { name: 'attempt counter', files: { 'k8s/api.yaml': waitingApp('api', 'i=0; until pg_isready -h postgres; do i=$((i+1)); [ $i -ge 30 ] && exit 1; sleep 2; done') } },
    { name: 'wait-for-it has a 15s default timeout', files: { 'k8s/api.yaml': waitingApp('api', 'wait-for-it postgres:5432 -- echo up') } },
    { name: 'not a wait at all', files: { 'k8s/api.yaml': waitingApp('api', 'cp /config/* /etc/api/') } },
  ],
  invalid: [
    {
      name: 'until nc loop',
      files: { 'k8s/api.yaml': waitingApp('api', 'until nc -z postgres 5432; do echo waiting; sleep 2; done') },
      findings: [
        {
          file: 'k8s/api.yaml',
          line: 19,
          column: 13,
          container: 'wait',
          message: 'init container "wait" loops until postgres:5432 answers, with no timeout or attempt limit: if it never does, the pod stays in Init forever without an error',
        },
      ],
    },
    {
      name: 'while ! pg_isready with the host in env',
      files: { 'k8s/api.yaml': waitingApp('api', 'while ! pg_isready -h $DB_HOST; do sleep 1; done').replace('          command: [sh, -c]\n', '          command: [sh, -c]\n          env: [{ name: DB_HOST, value: postgres.data.svc.cluster.local }]\n') },
      findings: [{ file: 'k8s/api.yaml', line: 20, column: 13, message: /^init container "wait" loops until postgres.data.svc.cluster.local answers/ }],
    },
  ],
});
