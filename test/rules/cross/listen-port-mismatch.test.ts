import rule from '../../../src/rules/cross/listen-port-mismatch.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const envPort = (fallback: string, host = '') =>
  mainGo(
    ['net/http', 'os'],
    `\tport := os.Getenv("PORT")\n\tif port == "" {\n\t\tport = "${fallback}"\n\t}\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\tmux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe("${host}:"+port, mux)`,
  );
const literal = (addr: string) =>
  mainGo(['net/http'], `\tmux := http.NewServeMux()\n\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\tsrv := &http.Server{Addr: "${addr}", Handler: mux}\n\tsrv.ListenAndServe()`);
const files = (go: string, yaml: string, df = 'services/orders/Dockerfile') => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, [df]: DOCKERFILE, 'deploy/orders.yaml': yaml });
const PORT_ENV = (v: string) => `          env:\n            - name: PORT\n              value: "${v}"`;

ruleTester(rule, {
  valid: [
    { name: 'PORT unset, fallback 8080 = containerPort', files: files(envPort('8080'), deploy()) },
    { name: 'PORT from the manifest matches containerPort', files: files(envPort('3000'), deploy({ env: PORT_ENV('8080') })) },
    { name: 'http.Server literal on :8080', files: files(literal(':8080'), deploy()) },
    { name: 'image name matches no Dockerfile: no join, silent', files: files(literal(':9090'), deploy({ image: 'registry.example.com/shop/payments:1.0' })) },
    {
      name: 'PORT from a Secret we cannot read: unresolved, silent',
      files: files(envPort('9090'), deploy({ env: '          envFrom:\n            - secretRef:\n                name: orders-env' })),
    },
    {
      name: 'two Dockerfiles could build it: ambiguous, silent',
      files: { ...files(literal(':9090'), deploy()), 'orders/Dockerfile': DOCKERFILE },
    },
    {
      name: 'probe aimed at an undeclared port: probe-port-not-declared reports it, not this rule',
      files: files(literal(':8080'), deploy({ probes: '          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 9090' })),
    },
  ],
  invalid: [
    {
      name: 'PORT unset, code falls back to 9090 while probes and Service use 8080',
      files: files(envPort('9090'), deploy()),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 26,
          column: 21,
          container: 'orders',
          message: 'container "orders": liveness probe (httpGet port http) targets 8080, but the Go server (cmd/orders) listens on ":9090": connection refused',
          evidence: [
            { file: 'deploy/orders.yaml', line: 22 },
            { file: 'deploy/orders.yaml', line: 30 },
            { file: 'deploy/orders.yaml', line: 41 },
            { file: 'cmd/orders/main.go', line: 16 },
            { file: 'cmd/orders/main.go', line: 11 },
            { file: 'services/orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'PORT set in the manifest to another port than containerPort',
      files: files(envPort('8080'), deploy({ env: PORT_ENV('3000') })),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 29,
          column: 21,
          message: /targets 8080, but the Go server \(cmd\/orders\) listens on ":3000"/,
          evidence: [
            { file: 'deploy/orders.yaml', line: 22 },
            { file: 'deploy/orders.yaml', line: 33 },
            { file: 'deploy/orders.yaml', line: 44 },
            { file: 'cmd/orders/main.go', line: 16 },
            { file: 'deploy/orders.yaml', line: 25 },
            { file: 'services/orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'explicit annotation links a Dockerfile whose directory name differs',
      files: files(literal(':9090'), deploy({ annotations: '      annotations:\n        kubewhy.dev/dockerfile.orders: build/api/Dockerfile' }), 'build/api/Dockerfile'),
      findings: [{ file: 'deploy/orders.yaml', line: 27, column: 21, message: /listens on ":9090"/ }],
    },
  ],
});
