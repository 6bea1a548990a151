import rule from '../../../src/rules/cross/required-env-missing.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const MUST_ENV = 'func mustEnv(k string) string {\n\tv := os.Getenv(k)\n\tif v == "" {\n\t\tlog.Fatalf("%s is required", k)\n\t}\n\treturn v\n}\n\n';
const local = mainGo(['log', 'net/http', 'os'], '\ttoken := mustEnv("API_TOKEN")\n\t_ = token\n\thttp.ListenAndServe(":8080", nil)', MUST_ENV);
// The helper lives in another package of the module: resolved through its exports.
const crossPkg = mainGo(['net/http', 'example.com/shop/internal/config'], '\t_ = config.MustEnv(config.TokenVar)\n\thttp.ListenAndServe(":8080", nil)');
const CONFIG = 'package config\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nconst TokenVar = "API_" + "TOKEN"\n\nfunc MustEnv(key string) string {\n\tv, ok := os.LookupEnv(key)\n\tif !ok {\n\t\tpanic(fmt.Sprintf("%s not set", key))\n\t}\n\treturn v\n}\n';
const optional = mainGo(['net/http', 'os'], '\ttoken := os.Getenv("API_TOKEN")\n\t_ = token\n\thttp.ListenAndServe(":8080", nil)');
const files = (go: string, yaml: string, extra: Record<string, string> = {}, dockerfile = DOCKERFILE) => ({
  'go.mod': GOMOD,
  'cmd/orders/main.go': go,
  'orders/Dockerfile': dockerfile,
  'deploy/orders.yaml': yaml,
  ...extra,
});
const ENV = '          env:\n            - name: API_TOKEN\n              valueFrom:\n                secretKeyRef: { name: orders, key: token }';

ruleTester(rule, {
  valid: [
    { name: 'set from a Secret', files: files(local, deploy({ env: ENV })) },
    { name: 'an envFrom Secret outside the manifest set may set it', files: files(local, deploy({ env: '          envFrom:\n            - secretRef:\n                name: orders-env' })) },
    { name: 'ENV in the image', files: files(local, deploy(), {}, DOCKERFILE.replace('ENTRYPOINT', 'ENV API_TOKEN=dev\nENTRYPOINT')) },
    { name: 'read but not required', files: files(optional, deploy()) },
    {
      name: 'another workload running the same image sets it',
      files: files(local, `${deploy()}---\n${deploy({ env: ENV }).replace(/name: orders\n/, 'name: orders-canary\n')}`),
    },
  ],
  invalid: [
    {
      name: 'mustEnv("API_TOKEN") and no env at all',
      files: files(local, deploy()),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 18,
          column: 11,
          container: 'orders',
          message: 'container "orders": cmd/orders requires API_TOKEN (mustEnv()) but no env or envFrom of the container running it sets it: it exits at start',
          evidence: [
            { file: 'cmd/orders/main.go', line: 18 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'config.MustEnv(config.TokenVar) from another package; the container sets other variables',
      files: files(crossPkg, deploy({ env: '          env:\n            - name: PORT\n              value: "8080"' }), { 'internal/config/config.go': CONFIG }),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 23,
          column: 11,
          message: 'container "orders": cmd/orders requires API_TOKEN (config.MustEnv()) but no env or envFrom of the container running it sets it: it exits at start',
          evidence: [
            { file: 'cmd/orders/main.go', line: 9 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
