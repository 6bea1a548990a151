import rule from '../../../src/rules/cross/listen-loopback-only.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const server = (addrExpr: string, imports: string[] = ['net/http']) =>
  mainGo(imports, `\tmux := http.NewServeMux()\n\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(${addrExpr}, mux)`);
const files = (go: string, yaml: string) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });
const ADDR_ENV = (v: string) => `          env:\n            - name: LISTEN_ADDR\n              value: "${v}"`;
const fromEnv = server('os.Getenv("LISTEN_ADDR")', ['net/http', 'os']);

ruleTester(rule, {
  valid: [
    { name: 'all interfaces', files: files(server('":8080"'), deploy()) },
    { name: '0.0.0.0', files: files(server('"0.0.0.0:8080"'), deploy()) },
    { name: 'address from env, manifest sets :8080', files: files(fromEnv, deploy({ env: ADDR_ENV(':8080') })) },
    {
      name: 'loopback but nothing connects (no probes, no Service)',
      files: files(server('"127.0.0.1:8080"'), deploy({ probes: '          resources: {}', service: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}' })),
    },
    { name: 'unlinked image', files: files(server('"127.0.0.1:8080"'), deploy({ image: 'nginx:1.27' })) },
  ],
  invalid: [
    {
      name: 'literal 127.0.0.1:8080',
      files: files(server('"127.0.0.1:8080"'), deploy()),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 22,
          container: 'orders',
          message: 'container "orders": http.ListenAndServe listens on "127.0.0.1:8080" (loopback only): liveness probe (httpGet port http) and Services get connection refused',
          evidence: [
            { file: 'deploy/orders.yaml', line: 26 },
            { file: 'deploy/orders.yaml', line: 30 },
            { file: 'deploy/orders.yaml', line: 41 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'localhost from the manifest env',
      files: files(fromEnv, deploy({ env: ADDR_ENV('localhost:8080') })),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 11,
          column: 22,
          message: /listens on "localhost:8080" \(loopback only\)/,
          evidence: [
            { file: 'deploy/orders.yaml', line: 29 },
            { file: 'deploy/orders.yaml', line: 33 },
            { file: 'deploy/orders.yaml', line: 44 },
            { file: 'deploy/orders.yaml', line: 25 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
