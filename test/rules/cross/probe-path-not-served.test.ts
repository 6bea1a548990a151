import rule from '../../../src/rules/cross/probe-path-not-served.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const H = 'func(w http.ResponseWriter, r *http.Request) {}';
const mux = (...patterns: string[]) =>
  mainGo(['net/http'], `\tmux := http.NewServeMux()\n${patterns.map((p) => `\tmux.HandleFunc(${p}, ${H})`).join('\n')}\n\thttp.ListenAndServe(":8080", mux)`);
const files = (go: string, yaml = deploy()) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });
const GIN_MOD = 'module example.com/shop\n\ngo 1.23\n\nrequire github.com/gin-gonic/gin v1.10.0\n';
const gin = (body: string) =>
  `package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc ok(c *gin.Context) { c.Status(200) }\n\nfunc main() {\n\tr := gin.New()\n${body}\n\tr.Run(":8080")\n}\n`;

ruleTester(rule, {
  valid: [
    { name: 'Go 1.22 method patterns serve both probes', files: files(mux('"GET /healthz"', '"GET /readyz"')) },
    { name: 'a catch-all "/" prefix pattern serves everything', files: files(mux('"GET /api/orders"', '"/"')) },
    { name: 'a prefix pattern ending in / covers the probe path', files: files(mux('"/healthz"', '"/readyz/"'), deploy()) },
    { name: 'a param pattern might match: silent', files: files(mux('"GET /healthz"', '"GET /{page}"')) },
    {
      name: 'a registration with an unresolved path: silent',
      files: files(mainGo(['net/http', 'os'], `\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /healthz", ${H})\n\tready := os.Args[1]\n\tmux.HandleFunc(ready, ${H})\n\thttp.ListenAndServe(":8080", mux)`)),
    },
    { name: 'gin: routes on the engine', files: { ...files(gin('\tr.GET("/healthz", ok)\n\tr.GET("/readyz", ok)')), 'go.mod': GIN_MOD } },
    { name: 'probe on another port than the server: not this rule', files: files(mux('"GET /other"'), deploy({ containerPort: 9090 })) },
    { name: 'unlinked image', files: files(mux('"GET /other"'), deploy({ image: 'ghcr.io/acme/unrelated:1' })) },
  ],
  invalid: [
    {
      name: 'readiness path has no route (404)',
      files: files(mux('"GET /healthz"', '"GET /api/orders"')),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 29,
          column: 21,
          container: 'orders',
          message: 'container "orders": readiness probe GET /readyz on port 8080 has no route in cmd/orders (2 routes on that server): the probe gets 404',
          evidence: [
            { file: 'cmd/orders/main.go', line: 11 },
            { file: 'cmd/orders/main.go', line: 9 },
            { file: 'cmd/orders/main.go', line: 10 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'liveness path registered for POST only (405)',
      files: files(mux('"POST /healthz"', '"GET /readyz"')),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 25,
          column: 21,
          message: /liveness probe GET \/healthz .* the probe gets 405: \/healthz is registered for POST only$/,
          evidence: [{ file: 'cmd/orders/main.go', line: 11 }, { file: 'cmd/orders/main.go', line: 9 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'gin: /healthz lives under the /api group only',
      files: { ...files(gin('\tapi := r.Group("/api")\n\tapi.GET("/healthz", ok)\n\tr.GET("/readyz", ok)')), 'go.mod': GIN_MOD },
      findings: [{ file: 'deploy/orders.yaml', line: 25, column: 21, message: /liveness probe GET \/healthz on port 8080 has no route in cmd\/orders \(2 routes on that server\)/ }],
    },
  ],
});
