import { expect, it } from 'vitest';
import rule from '../../../src/rules/cross/pprof-exposed.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { lintFiles } from '../../helpers/workspace.js';
import { DOCKERFILE, GOMOD, deploy } from './fixtures.js';

const ROUTES = '\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\tmux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})\n';
const exposed = `package main\n\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\n\nfunc main() {\n\tmux := http.DefaultServeMux\n${ROUTES}\thttp.ListenAndServe(":8080", nil)\n}\n`;
const separate = `package main\n\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\n\nfunc main() {\n\tgo http.ListenAndServe("localhost:6060", nil)\n\tmux := http.NewServeMux()\n${ROUTES}\thttp.ListenAndServe(":8080", mux)\n}\n`;
const files = (go: string, yaml = deploy()) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });
const NO_SERVICE = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: orders', 'data: {}'].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'pprof on a loopback debug listener, the app on its own mux', files: files(separate) },
    { name: 'no Service forwards to the pod', files: files(exposed, deploy({ service: NO_SERVICE })) },
  ],
  invalid: [
    {
      name: 'pprof imported, DefaultServeMux on the Service port',
      files: files(exposed),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 5,
          column: 2,
          container: 'orders',
          message:
            'container "orders": net/http/pprof is imported and http.ListenAndServe serves DefaultServeMux on port 8080, which Service orders exposes: /debug/pprof/ is reachable by anyone who reaches the Service',
          evidence: [
            { file: 'cmd/orders/main.go', line: 12 },
            { file: 'deploy/orders.yaml', line: 41 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});

it('a //kubewhy:ignore comment above the import silences it (and says where)', async () => {
  const ignored = exposed.replace('\t_ "net/http/pprof"', '\t//kubewhy:ignore pprof-exposed -- reviewed: the Service is internal-only\n\t_ "net/http/pprof"');
  const r = await lintFiles(files(ignored), [rule]);
  expect(r.findings.map((f) => [f.ruleId, f.subject.span?.line, f.suppressed])).toEqual([['pprof-exposed', 6, { kind: 'comment', source: 'cmd/orders/main.go:5' }]]);
});
