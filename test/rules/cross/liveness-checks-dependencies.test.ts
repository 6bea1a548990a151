import rule from '../../../src/rules/cross/liveness-checks-dependencies.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy } from './fixtures.js';

const app = (healthz: string, readyz = 'w.WriteHeader(200)') =>
  [
    'package main',
    '',
    'import (',
    '\t"database/sql"',
    '\t"net/http"',
    ')',
    '',
    'var db *sql.DB',
    '',
    'func healthz(w http.ResponseWriter, r *http.Request) {',
    `\t${healthz}`,
    '}',
    '',
    'func readyz(w http.ResponseWriter, r *http.Request) {',
    `\t${readyz}`,
    '}',
    '',
    'func main() {',
    '\tmux := http.NewServeMux()',
    '\tmux.HandleFunc("GET /healthz", healthz)',
    '\tmux.HandleFunc("GET /readyz", readyz)',
    '\thttp.ListenAndServe(":8080", mux)',
    '}',
    '',
  ].join('\n');
const files = (go: string, yaml = deploy()) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });
const PING = 'if err := db.PingContext(r.Context()); err != nil {\n\t\thttp.Error(w, err.Error(), 503)\n\t\treturn\n\t}';

ruleTester(rule, {
  valid: [
    { name: 'liveness trivial, readiness pings the database', files: files(app('w.WriteHeader(200)', PING)) },
    { name: 'no liveness probe', files: files(app(PING), deploy({ probes: '          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http' })) },
    { name: 'unlinked image', files: files(app(PING), deploy({ image: 'ghcr.io/acme/other:1' })) },
  ],
  invalid: [
    {
      name: 'liveness handler pings the database',
      files: files(app(PING)),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 25,
          column: 21,
          container: 'orders',
          message: 'container "orders": the liveness probe GET /healthz runs db.PingContext: an outage of that dependency restarts every replica at once',
          evidence: [
            { file: 'cmd/orders/main.go', line: 23 },
            { file: 'cmd/orders/main.go', line: 11 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
