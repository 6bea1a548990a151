import rule from '../../../src/rules/manifest/hpa-min-equals-max.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { cpu70, hpa } from './hpa-fixtures.js';

ruleTester(rule, {
  valid: [
    { name: 'room to scale', files: { 'hpa.yaml': hpa(cpu70).slice(4) } },
    { name: 'default min 1, max 3', files: { 'hpa.yaml': hpa('  maxReplicas: 3\n').slice(4) } },
  ],
  invalid: [
    {
      name: 'pinned at 3',
      files: { 'hpa.yaml': hpa(cpu70.replace('minReplicas: 2', 'minReplicas: 3').replace('maxReplicas: 10', 'maxReplicas: 3')).slice(4) },
      findings: [{ file: 'hpa.yaml', line: 9, column: 16, message: 'HorizontalPodAutoscaler api has minReplicas 3 and maxReplicas 3: it can never scale' }],
    },
    {
      name: 'default minReplicas and maxReplicas 1',
      files: { 'hpa.yaml': hpa('  maxReplicas: 1\n').slice(4) },
      findings: [{ file: 'hpa.yaml', line: 8, column: 16, message: 'HorizontalPodAutoscaler api has minReplicas 1 (default) and maxReplicas 1: it can never scale' }],
    },
  ],
});
