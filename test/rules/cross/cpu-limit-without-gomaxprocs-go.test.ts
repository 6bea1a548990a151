import rule from '../../../src/rules/cross/cpu-limit-without-gomaxprocs-go.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const limits = (cpu = '"1"', env = '') => `          resources:\n            requests:\n              cpu: 500m\n            limits:\n              cpu: ${cpu}\n              memory: 512Mi${env}`;
const plain = mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)');
const files = (o: { go?: string; gomod?: string; yaml?: string; dockerfile?: string; extra?: Record<string, string> } = {}) => ({
  'go.mod': o.gomod ?? GOMOD,
  'cmd/orders/main.go': o.go ?? plain,
  'orders/Dockerfile': o.dockerfile ?? DOCKERFILE,
  'deploy/orders.yaml': o.yaml ?? deploy({ env: limits() }),
  ...o.extra,
});

ruleTester(rule, {
  valid: [
    { name: 'go 1.25: the runtime follows the CPU limit', files: files({ gomod: 'module example.com/shop\n\ngo 1.25.0\n' }) },
    { name: 'automaxprocs imported by main', files: files({ go: mainGo(['net/http', 'go.uber.org/automaxprocs'], '\thttp.ListenAndServe(":8080", nil)') }) },
    {
      name: 'automaxprocs imported by an internal package main uses',
      files: files({
        go: mainGo(['net/http', 'example.com/shop/internal/boot'], '\tboot.Init()\n\thttp.ListenAndServe(":8080", nil)'),
        extra: { 'internal/boot/boot.go': 'package boot\n\nimport _ "go.uber.org/automaxprocs"\n\nfunc Init() {}\n' },
      }),
    },
    { name: 'runtime.GOMAXPROCS called', files: files({ go: mainGo(['net/http', 'runtime'], '\truntime.GOMAXPROCS(2)\n\thttp.ListenAndServe(":8080", nil)') }) },
    { name: 'GOMAXPROCS from limits.cpu', files: files({ yaml: deploy({ env: limits('"1"', '\n          env:\n            - name: GOMAXPROCS\n              valueFrom:\n                resourceFieldRef: { resource: limits.cpu }') }) }) },
    { name: 'GOMAXPROCS in the image', files: files({ dockerfile: DOCKERFILE.replace('ENTRYPOINT', 'ENV GOMAXPROCS=2\nENTRYPOINT') }) },
    { name: 'envFrom a ConfigMap we do not have', files: files({ yaml: deploy({ env: limits('"1"', '\n          envFrom:\n            - configMapRef: { name: runtime-tuning }') }) }) },
    { name: '//go:debug containermaxprocs=1 in package main', files: files({ go: `//go:debug containermaxprocs=1\n\n${plain}` }) },
    { name: 'GODEBUG=containermaxprocs=1 in the manifest', files: files({ yaml: deploy({ env: limits('"1"', '\n          env:\n            - name: GODEBUG\n              value: containermaxprocs=1') }) }) },
    { name: 'no CPU limit', files: files({ yaml: deploy({ env: '          resources:\n            requests:\n              cpu: 500m' }) }) },
    { name: 'image not built here', files: files({ yaml: deploy({ image: 'ghcr.io/acme/other:1', env: limits() }) }) },
  ],
  invalid: [
    {
      name: 'GODEBUG set to something else: still fires',
      files: files({ yaml: deploy({ env: limits('"1"', '\n          env:\n            - name: GODEBUG\n              value: http2client=0') }) }),
      findings: [{ file: 'deploy/orders.yaml', line: 27, column: 20, message: /^container "orders" has a 1 CPU limit/ }],
    },
    {
      name: 'go 1.23, CPU limit, nothing sizes GOMAXPROCS',
      files: files(),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 27,
          column: 20,
          container: 'orders',
          message:
            'container "orders" has a 1 CPU limit but cmd/orders is built as go 1.23 without automaxprocs or GOMAXPROCS: the runtime runs one thread per node core and the container is CFS-throttled',
          evidence: [{ file: 'go.mod', line: 3 }, { file: 'cmd/orders/main.go', line: 7 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
  ],
});
