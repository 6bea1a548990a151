import rule from '../../../src/rules/manifest/hpa-flap-prone.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { cpu70, hpa } from './hpa-fixtures.js';

const cpuAt = (n: number) => cpu70.replace('averageUtilization: 70', `averageUtilization: ${n}`);
const scaleDown = (lines: string) => `  behavior:\n    scaleDown:\n${lines}`;
const v1 = (pct: number) => hpa(`  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: ${pct}\n`, undefined, 'autoscaling/v1').slice(4);

ruleTester(rule, {
  valid: [
    { name: 'CPU target 70%', files: { 'hpa.yaml': hpa(cpuAt(70)).slice(4) } },
    { name: 'CPU target exactly 50%', files: { 'hpa.yaml': hpa(cpuAt(50)).slice(4) } },
    { name: 'no metrics: the implicit 80% default', files: { 'hpa.yaml': hpa('  maxReplicas: 5\n').slice(4) } },
    { name: 'low memory target is not CPU', files: { 'hpa.yaml': hpa(cpuAt(40).replace('name: cpu', 'name: memory')).slice(4) } },
    { name: 'low AverageValue target is not a utilization', files: { 'hpa.yaml': hpa(cpuAt(70).replace('{ type: Utilization, averageUtilization: 70 }', '{ type: AverageValue, averageValue: 30m }')).slice(4) } },
    { name: 'v1 at 60%', files: { 'hpa.yaml': v1(60) } },
    { name: 'no behavior: the 300s default window', files: { 'hpa.yaml': hpa(cpuAt(70)).slice(4) } },
    { name: 'scaleDown window 300, scaleUp window 0', files: { 'hpa.yaml': hpa(cpuAt(70) + scaleDown('      stabilizationWindowSeconds: 300\n    scaleUp:\n      stabilizationWindowSeconds: 0\n')).slice(4) } },
    { name: 'scaleDown policies without a window', files: { 'hpa.yaml': hpa(cpuAt(70) + scaleDown('      policies:\n        - { type: Pods, value: 1, periodSeconds: 60 }\n')).slice(4) } },
    { name: 'scale-down disabled', files: { 'hpa.yaml': hpa(cpuAt(70) + scaleDown('      selectPolicy: Disabled\n      stabilizationWindowSeconds: 0\n')).slice(4) } },
  ],
  invalid: [
    {
      name: 'v2 CPU target 30%',
      files: { 'hpa.yaml': hpa(cpuAt(30)).slice(4) },
      findings: [{ file: 'hpa.yaml', line: 14, column: 58, message: 'HorizontalPodAutoscaler api targets 30% CPU utilization: Go GC spikes alone cross a target below 50% and trigger scale-ups' }],
    },
    {
      name: 'ContainerResource CPU target 40%',
      files: { 'hpa.yaml': hpa(cpuAt(40).replace('type: Resource\n      resource:\n        name: cpu\n', 'type: ContainerResource\n      containerResource:\n        name: cpu\n        container: api\n')).slice(4) },
      findings: [{ file: 'hpa.yaml', line: 15, column: 58, message: 'HorizontalPodAutoscaler api targets 40% CPU utilization of container api: Go GC spikes alone cross a target below 50% and trigger scale-ups' }],
    },
    {
      name: 'v2beta1 targetAverageUtilization 25',
      files: { 'hpa.yaml': hpa(cpuAt(70).replace('        target: { type: Utilization, averageUtilization: 70 }\n', '        targetAverageUtilization: 25\n'), undefined, 'autoscaling/v2beta1').slice(4) },
      findings: [{ file: 'hpa.yaml', line: 14, column: 35, message: 'HorizontalPodAutoscaler api targets 25% CPU utilization: Go GC spikes alone cross a target below 50% and trigger scale-ups' }],
    },
    {
      name: 'v1 targetCPUUtilizationPercentage 20',
      files: { 'hpa.yaml': v1(20) },
      findings: [{ file: 'hpa.yaml', line: 10, column: 35, message: 'HorizontalPodAutoscaler api targets 20% CPU utilization: Go GC spikes alone cross a target below 50% and trigger scale-ups' }],
    },
    {
      name: 'scaleDown window 15s',
      files: { 'hpa.yaml': hpa(cpuAt(70) + scaleDown('      stabilizationWindowSeconds: 15\n')).slice(4) },
      findings: [{ file: 'hpa.yaml', line: 17, column: 35, message: 'HorizontalPodAutoscaler api sets scaleDown stabilizationWindowSeconds 15 (default 300): it removes pods after one quiet sample and adds them back on the next spike' }],
    },
    {
      name: 'both: low target and window 0',
      files: { 'hpa.yaml': hpa(cpuAt(45) + scaleDown('      stabilizationWindowSeconds: 0\n')).slice(4) },
      findings: [
        { file: 'hpa.yaml', line: 14, column: 58, message: 'HorizontalPodAutoscaler api targets 45% CPU utilization: Go GC spikes alone cross a target below 50% and trigger scale-ups' },
        { file: 'hpa.yaml', line: 17, column: 35, message: 'HorizontalPodAutoscaler api sets scaleDown stabilizationWindowSeconds 0 (default 300): it removes pods after one quiet sample and adds them back on the next spike' },
      ],
    },
  ],
});
